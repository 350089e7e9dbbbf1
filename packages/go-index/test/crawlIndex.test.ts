import { HttpError, HttpPool } from '@registry-miners/http-pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlIndex, IndexError, type IndexEntry, type IndexPage, MAX_INDEX_LINE_BYTES } from '@registry-miners/go-index';
import { fakeIndexesClosedAfterEach, type FakeEntry, instant } from './support/indexServer.js';

let pool: HttpPool;

beforeAll(() => {
  pool = new HttpPool({ maxRetries: 2, retryBaseDelayMs: 5, retryMaxDelayMs: 20 });
});
afterAll(async () => {
  await pool.close();
});
const serve = fakeIndexesClosedAfterEach();

async function collect(pages: AsyncIterable<IndexPage>): Promise<{ pages: IndexPage[]; entries: IndexEntry[] }> {
  const all: IndexPage[] = [];
  for await (const page of pages) all.push(page);
  return { pages: all, entries: all.flatMap((page) => page.entries) };
}

/** An index entry; short test names become valid module paths under `example.com/`. */
function entry(name: string, ts: string, version = 'v1.0.0'): FakeEntry {
  return { Path: modulePath(name), Version: version, Timestamp: ts };
}

function modulePath(name: string): string {
  return `example.com/${name}`;
}

/** The test name of a module path made by {@link modulePath}. */
function short(path: string): string {
  return path.replace(/^example\.com\//, '');
}

const keyOf = (e: { path: string; version: string; timestamp: string }): string => `${short(e.path)}@${e.version}@${e.timestamp}`;

describe('crawlIndex', () => {
  it('takes every entry once across inclusive page boundaries and runs of equal timestamps', async () => {
    // limit 3; a run of 2 at :01 straddles pages 1/2, a run of 2 at :03 straddles pages 2/3.
    const data = [
      entry('a', '2020-01-01T00:00:00Z'),
      entry('b', '2020-01-01T00:00:01Z'),
      entry('c', '2020-01-01T00:00:01Z'),
      entry('d', '2020-01-01T00:00:02Z'),
      entry('e', '2020-01-01T00:00:03Z'),
      entry('f', '2020-01-01T00:00:03Z'),
      entry('g', '2020-01-01T00:00:04Z'),
    ];
    const server = await serve(data);
    const { pages, entries } = await collect(crawlIndex({ pool, indexUrl: server.url, limit: 3 }));
    expect(entries.map((e) => short(e.path))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(entries.map((e) => e.ordinal)).toEqual([0, 0, 1, 0, 0, 1, 0]);
    expect(entries.map((e) => e.micros)).toEqual(data.map((d) => instant(d.Timestamp)));
    // Page 1 [a b c], page 2 since :01 [b c d], page 3 since :02 [d e f], page 4 since :03 [e f g],
    // page 5 since :04 [g] adds nothing: the end.
    expect(server.requests).toHaveLength(5);
    expect(server.requests[0]).toBe('/index?limit=3');
    expect(server.requests[1]).toBe('/index?since=2020-01-01T00%3A00%3A01Z&limit=3');
    expect(pages.map((page) => page.cursor)).toEqual([
      { since: '2020-01-01T00:00:01Z', atSince: ['example.com/b@v1.0.0', 'example.com/c@v1.0.0'] },
      { since: '2020-01-01T00:00:02Z', atSince: ['example.com/d@v1.0.0'] },
      { since: '2020-01-01T00:00:03Z', atSince: ['example.com/e@v1.0.0', 'example.com/f@v1.0.0'] },
      { since: '2020-01-01T00:00:04Z', atSince: ['example.com/g@v1.0.0'] },
    ]);
    expect(pages[0]!.url).toBe(`${server.url}?limit=3`);
  });

  it('continues the ordinals of a run that straddles a page boundary', async () => {
    const data = [
      entry('a', '2020-01-01T00:00:00Z'),
      entry('b', '2020-01-01T00:00:00.5Z'),
      ...['r0', 'r1', 'r2'].map((p) => entry(p, '2020-01-01T00:00:01Z')),
      entry('z', '2020-01-01T00:00:02Z'),
    ];
    const server = await serve(data);
    const { pages, entries } = await collect(crawlIndex({ pool, indexUrl: server.url, limit: 4 }));
    // Page 1 [a b r0 r1], page 2 since :01 [r0 r1 r2 z], page 3 since :02 [z]: the end.
    expect(pages.map((page) => page.entries.map((e) => `${short(e.path)}#${e.ordinal}`))).toEqual([['a#0', 'b#0', 'r0#0', 'r1#1'], ['r2#2', 'z#0']]);
    expect(entries).toHaveLength(data.length);
    expect(server.requests).toHaveLength(3);
  });

  it('fails clearly instead of looping when a run of equal timestamps fills a whole page', async () => {
    const data = [entry('a', '2020-01-01T00:00:00Z'), ...Array.from({ length: 5 }, (_, i) => entry(`r${i}`, '2020-01-01T00:00:01.5Z')), entry('z', '2020-01-01T00:00:02Z')];
    const server = await serve(data);
    const taken: string[] = [];
    let caught: unknown;
    try {
      for await (const page of crawlIndex({ pool, indexUrl: server.url, limit: 3 })) taken.push(...page.entries.map((e) => short(e.path)));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IndexError);
    expect((caught as IndexError).code).toBe('ERR_INDEX_RUN_TOO_LONG');
    expect((caught as IndexError).message).toContain('since=2020-01-01T00:00:01.5Z');
    expect((caught as IndexError).message).toContain('at least 3 entries share that timestamp');
    expect((caught as IndexError).hint).toContain('limit');
    // Page 1 [a r0 r1], page 2 since 1.5 [r0 r1 r2] adds r2, page 3 [r0 r1 r2] adds nothing: stuck.
    expect(taken).toEqual(['a', 'r0', 'r1', 'r2']);
    expect(server.requests).toHaveLength(3);
  });

  it('also detects the stuck run when the server caps limit below what was asked', async () => {
    const data = [entry('a', '2020-01-01T00:00:00Z'), ...Array.from({ length: 2001 }, (_, i) => entry(`r${i}`, '2020-01-01T00:00:01Z')), entry('z', '2020-01-01T00:00:02Z')];
    const server = await serve(data, { maxLimit: 2000 });
    const error = (await collect(crawlIndex({ pool, indexUrl: server.url, limit: 5000 })).catch((caught: unknown) => caught)) as IndexError;
    expect(error.code).toBe('ERR_INDEX_RUN_TOO_LONG');
    expect(server.requests).toHaveLength(3);
  });

  it('compares timestamps as instants: offsets, trimmed zeros, the same instant spelt two ways', async () => {
    const data = [
      entry('golang.org/x/text', '2019-04-10T12:08:52.997264-07:00', 'v0.3.0'),
      entry('golang.org/x/net', '2019-04-10T19:08:52.997264Z', 'v0.1.0'), // same instant as above
      entry('m/trim1', '2022-05-18T04:36:46.0016Z'),
      entry('m/trim2', '2022-05-18T04:36:46.00168Z'), // later, though smaller as a string
      entry('m/plus', '2022-05-18T06:36:46.00169+02:00'), // later still
      entry('m/last', '2022-05-18T04:36:47Z'),
    ];
    const server = await serve(data);
    const { entries } = await collect(crawlIndex({ pool, indexUrl: server.url, limit: 3 }));
    expect(entries.map((e) => `${short(e.path)}#${e.ordinal}`)).toEqual(['golang.org/x/text#0', 'golang.org/x/net#1', 'm/trim1#0', 'm/trim2#0', 'm/plus#0', 'm/last#0']);
    expect(entries[0]!.micros).toBe(entries[1]!.micros);
    expect(entries[0]!.timestamp).toBe('2019-04-10T12:08:52.997264-07:00');
    // Cursors go back verbatim and percent-encoded: `-07:00` as is, `+02:00` as %2B02%3A00.
    expect(server.requests).toEqual([
      '/index?limit=3',
      '/index?since=2022-05-18T04%3A36%3A46.0016Z&limit=3',
      '/index?since=2022-05-18T06%3A36%3A46.00169%2B02%3A00&limit=3',
      '/index?since=2022-05-18T04%3A36%3A47Z&limit=3',
    ]);
    expect(server.requests.every((target) => !target.includes('+'))).toBe(true);
  });

  it('sends a resumed `+` cursor encoded, so the index does not read a space', async () => {
    const data = [entry('a', '2021-06-01T12:00:00+02:00'), entry('b', '2021-06-01T12:00:01+02:00')];
    const server = await serve(data);
    const { entries } = await collect(crawlIndex({ pool, indexUrl: server.url, from: { since: '2021-06-01T12:00:00+02:00', atSince: ['example.com/a@v1.0.0'] } }));
    expect(entries.map((e) => short(e.path))).toEqual(['b']);
    expect(server.requests[0]).toBe('/index?since=2021-06-01T12%3A00%3A00%2B02%3A00&limit=2000');
  });

  it('asks for include=all and gets the hidden entries only then', async () => {
    const data: FakeEntry[] = [entry('a', '2020-01-01T00:00:00Z'), { ...entry('gone', '2020-01-01T00:00:01Z'), hidden: true }, entry('c', '2020-01-01T00:00:02Z')];
    const server = await serve(data);
    const plain = await collect(crawlIndex({ pool, indexUrl: server.url }));
    const all = await collect(crawlIndex({ pool, indexUrl: server.url, includeAll: true }));
    expect(plain.entries.map((e) => short(e.path))).toEqual(['a', 'c']);
    expect(all.entries.map((e) => short(e.path))).toEqual(['a', 'gone', 'c']);
    expect(server.requests.filter((target) => target.endsWith('&include=all'))).toHaveLength(2);
    expect(server.requests.filter((target) => target.includes('include'))).toHaveLength(2);
  });

  it('stops before `until`, compared as an instant', async () => {
    const data = [
      entry('a', '2020-01-01T00:00:00Z'),
      entry('b', '2020-01-01T00:59:59.999999Z'),
      entry('c', '2020-01-01T01:00:00Z'), // == until (given as 02:00+01:00)
      entry('d', '2020-01-01T01:00:00.000001Z'),
    ];
    const server = await serve(data);
    const { entries } = await collect(crawlIndex({ pool, indexUrl: server.url, limit: 2, until: '2020-01-01T02:00:00+01:00' }));
    expect(entries.map((e) => short(e.path))).toEqual(['a', 'b']);
    // Page 1 [a b]; page 2 since b [b c] reaches until: no third request.
    expect(server.requests).toHaveLength(2);
  });

  it('resumes from a cursor taken in the middle of a run, with nothing lost or repeated', async () => {
    const data = [
      entry('a', '2020-01-01T00:00:00Z'),
      entry('r0', '2020-01-01T00:00:01Z'),
      entry('r1', '2020-01-01T00:00:01Z'),
      entry('r2', '2020-01-01T00:00:01Z'),
      entry('r3', '2020-01-01T00:00:01Z'),
      entry('z', '2020-01-01T00:00:02Z'),
    ];
    const server = await serve(data);
    const full = await collect(crawlIndex({ pool, indexUrl: server.url, limit: 5 }));
    // Page 1 [a r0 r1 r2 r3] ends mid-run? The run is complete on page 1 but the crawl cannot know.
    const first = full.pages[0]!;
    expect(first.cursor).toEqual({ since: '2020-01-01T00:00:01Z', atSince: ['example.com/r0@v1.0.0', 'example.com/r1@v1.0.0', 'example.com/r2@v1.0.0', 'example.com/r3@v1.0.0'] });
    // A cursor truly mid-run: after r1.
    const resumed = await collect(crawlIndex({ pool, indexUrl: server.url, limit: 5, from: { since: '2020-01-01T00:00:01Z', atSince: ['example.com/r0@v1.0.0', 'example.com/r1@v1.0.0'] } }));
    expect(resumed.entries.map((e) => `${short(e.path)}#${e.ordinal}`)).toEqual(['r2#2', 'r3#3', 'z#0']);
    const firstHalf = full.entries.slice(0, 3);
    expect([...firstHalf, ...resumed.entries].map(keyOf)).toEqual(full.entries.map(keyOf));
    expect([...firstHalf, ...resumed.entries].map((e) => e.ordinal)).toEqual(full.entries.map((e) => e.ordinal));
  });

  it('reports a malformed line with the URL, the cursor, the line number and the text', async () => {
    const server = await serve([], {
      intercept: (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify(entry('a', '2020-01-01T00:00:00Z'))}\n{"Path":"example.com/b","Version":"v1.0.0","Timestamp":"2020-01-01T00:00:0${'x'.repeat(400)}\n`);
        return true;
      },
    });
    const crawl = crawlIndex({ pool, indexUrl: server.url, from: { since: '2019-12-31T23:00:00-07:00', atSince: [] } });
    const error = await crawl.next().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IndexError);
    const indexError = error as IndexError;
    expect(indexError.code).toBe('ERR_INDEX_MALFORMED_LINE');
    expect(indexError.details?.line).toBe(2);
    expect(indexError.details?.url).toBe(`${server.url}?since=2019-12-31T23%3A00%3A00-07%3A00&limit=2000`);
    expect(indexError.message).toContain(indexError.details?.url);
    expect(indexError.message).toContain('since=2019-12-31T23:00:00-07:00');
    expect(indexError.message).toContain('line 2');
    expect(indexError.message).toContain('{\\"Path\\":\\"example.com/b\\"');
    expect(indexError.message).toContain('…'); // truncated
    expect(indexError.message.length).toBeLessThan(900);
    expect(indexError.hint).toMatch(/Path, Version and Timestamp/);
    expect(indexError.message).not.toContain(indexError.hint);
    expect(indexError.cause).toBeInstanceOf(SyntaxError);
  });

  it('parses a long page with a line outside ASCII among plain ones, counting lines', async () => {
    // 2000 lines of about 80 bytes; one with a field the crawl ignores, outside ASCII; then, in the second body, a broken line 1400.
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify(entry(`m${i}`, `2020-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`)));
    const withNote = lines.map((line, i) => (i === 700 ? line.replace('}', ',"Note":"café"}') : line));
    const broken = lines.map((line, i) => (i === 1399 ? line.slice(0, 40) : line));
    const bodies = [`${withNote.join('\n')}\n`, `${broken.join('\n')}\n`];
    expect(Buffer.byteLength(bodies[0]!)).toBeGreaterThan(2 * 64 * 1024);
    const server = await serve([], {
      intercept: (req, res, n) => {
        // Each body once; the page after it is empty (the end of the index).
        res.writeHead(200).end(n === 1 || n === 3 ? bodies[(n - 1) / 2] : '');
        return true;
      },
    });
    const { entries } = await collect(crawlIndex({ pool, indexUrl: server.url }));
    expect(entries.map((e) => e.path)).toEqual(lines.map((_, i) => modulePath(`m${i}`)));
    const error = await collect(crawlIndex({ pool, indexUrl: server.url })).then(
      () => undefined,
      (caught: unknown) => caught as IndexError,
    );
    expect(error?.code).toBe('ERR_INDEX_MALFORMED_LINE');
    expect(error?.details?.line).toBe(1400);
  });

  it('reads plain lines in place and decodes the others (escapes, key order, CRLF): one entry however it is spelt', async () => {
    const t1 = '2020-01-01T00:00:01Z';
    const body = [
      JSON.stringify(entry('a', t1)),
      `{"Path":"example.com\\/b","Version":"v1.0.0","Timestamp":"${t1}"}`, // an escaped slash
      JSON.stringify(entry('b', t1)), // the same entry, plain: a repeat
      `{"Version":"v2.0.0","Timestamp":"${t1}", "Path":"example.com/c"}\r`,
      `${JSON.stringify(entry('d', '2020-01-01T00:00:02.50Z'))}\r`, // not canonical (a trailing zero)
      JSON.stringify(entry('e', '2020-01-01T00:00:02.5Z')), // the same instant, canonical
      '',
    ].join('\n');
    const server = await serve([], {
      intercept: (req, res, n) => {
        res.writeHead(200).end(n === 1 ? body : '');
        return true;
      },
    });
    const { pages, entries } = await collect(crawlIndex({ pool, indexUrl: server.url }));
    expect(entries.map((e) => `${keyOf(e)}#${e.ordinal}`)).toEqual([
      `a@v1.0.0@${t1}#0`,
      `b@v1.0.0@${t1}#1`,
      `c@v2.0.0@${t1}#2`,
      'd@v1.0.0@2020-01-01T00:00:02.50Z#0',
      'e@v1.0.0@2020-01-01T00:00:02.5Z#1',
    ]);
    expect(entries[3]!.micros).toBe(instant('2020-01-01T00:00:02.5Z'));
    const { lines } = pages[0]!;
    expect(Array.from({ length: lines.count }, (_, line) => `${short(lines.path(line))}:${lines.canonical[line]}`)).toEqual(['a:1', 'b:1', 'c:1', 'd:0', 'e:1']);
  });

  it('reports a line with a bad timestamp or missing field', async () => {
    const bodies = [`{"Path":"example.com/a","Version":"v1","Timestamp":"2020-02-30T00:00:00Z"}\n`, `{"Path":"example.com/a","Timestamp":"2020-01-01T00:00:00Z"}\n`, `[1,2]\n`];
    const server = await serve([], {
      intercept: (req, res, n) => {
        res.writeHead(200).end(bodies[n - 1]);
        return true;
      },
    });
    const codes: [string, string][] = [];
    for (let attempt = 0; attempt < bodies.length; attempt++) {
      try {
        await collect(crawlIndex({ pool, indexUrl: server.url }));
      } catch (error) {
        codes.push([(error as IndexError).code, (error as IndexError).message]);
      }
    }
    expect(codes[0]![0]).toBe('ERR_INDEX_BAD_TIMESTAMP');
    expect(codes[0]![1]).toContain('"2020-02-30T00:00:00Z"');
    expect(codes[0]![1]).toContain('line 1');
    expect(codes[1]).toEqual(['ERR_INDEX_MALFORMED_LINE', expect.stringContaining('"Version"')]);
    expect(codes[2]).toEqual(['ERR_INDEX_MALFORMED_LINE', expect.stringContaining('not a JSON object')]);
  });

  it('reports a final HTTP status with the body and the URL', async () => {
    const server = await serve([], {
      intercept: (req, res) => {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request: limit out of range');
        return true;
      },
    });
    const error = (await collect(crawlIndex({ pool, indexUrl: server.url })).catch((caught: unknown) => caught)) as IndexError;
    expect(error).toBeInstanceOf(IndexError);
    expect(error.code).toBe('ERR_INDEX_HTTP');
    expect(error.details?.status).toBe(400);
    expect(error.message).toContain('HTTP 400');
    expect(error.message).toContain('bad request: limit out of range');
    expect(error.message).toContain(`${server.url}?limit=2000`);
  });

  it('wraps an HttpError after retries as the cause', async () => {
    const server = await serve([], {
      intercept: (req, res) => {
        res.writeHead(503).end('overloaded');
        return true;
      },
    });
    const error = (await collect(crawlIndex({ pool, indexUrl: server.url })).catch((caught: unknown) => caught)) as IndexError;
    expect(error.code).toBe('ERR_INDEX_HTTP');
    expect(error.cause).toBeInstanceOf(HttpError);
    expect((error.cause as HttpError).code).toBe('ERR_HTTP_RETRIES_EXHAUSTED');
    expect(error.details?.status).toBe(503);
    expect(server.requests).toHaveLength(3); // first try + 2 retries
  });

  it('rejects an index that goes back in time', async () => {
    const server = await serve([], {
      intercept: (req, res) => {
        res.writeHead(200).end(`${JSON.stringify(entry('a', '2020-01-01T00:00:02Z'))}\n${JSON.stringify(entry('b', '2020-01-01T00:00:01Z'))}\n`);
        return true;
      },
    });
    const error = (await collect(crawlIndex({ pool, indexUrl: server.url })).catch((caught: unknown) => caught)) as IndexError;
    expect(error.code).toBe('ERR_INDEX_OUT_OF_ORDER');
    expect(error.details?.line).toBe(2);
  });

  it('rejects a hostile multi-megabyte line by its length, with the cursor and line number, without parsing it', async () => {
    const huge = `{"Path":"example.com/${'x'.repeat(8 << 20)}","Version":"v1.0.0","Timestamp":"2020-01-01T00:00:03Z"}`;
    const server = await serve([], {
      intercept: (req, res) => {
        const first = !req.url!.includes('since=');
        res.writeHead(200, { 'content-type': 'application/json' });
        // Page 1: two good lines. Page 2 (since=:01): the repeat, a good line, then the huge one.
        if (first) res.end(`${JSON.stringify(entry('a', '2020-01-01T00:00:00Z'))}\n${JSON.stringify(entry('b', '2020-01-01T00:00:01Z'))}\n`);
        else res.end(`${JSON.stringify(entry('b', '2020-01-01T00:00:01Z'))}\n${JSON.stringify(entry('c', '2020-01-01T00:00:02Z'))}\n${huge}\n`);
        return true;
      },
    });
    const taken: string[] = [];
    let caught: unknown;
    try {
      for await (const page of crawlIndex({ pool, indexUrl: server.url, limit: 2 })) taken.push(...page.entries.map((e) => short(e.path)));
    } catch (error) {
      caught = error;
    }
    expect(taken).toEqual(['a', 'b']);
    expect(caught).toBeInstanceOf(IndexError);
    const error = caught as IndexError;
    expect(error.code).toBe('ERR_INDEX_MALFORMED_LINE');
    expect(error.details?.line).toBe(3);
    expect(error.details?.since).toBe('2020-01-01T00:00:01Z');
    expect(error.message).toContain(`a line of ${huge.length} bytes, over the ${MAX_INDEX_LINE_BYTES}-byte limit`);
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('since=2020-01-01T00:00:01Z');
    expect(error.message.length).toBeLessThan(1000); // only an excerpt of the line
    expect(error.cause).toBeUndefined(); // never handed to JSON.parse
  });

  it('rejects an invalid module path like a malformed line', async () => {
    const cases: Array<[string, RegExp]> = [
      ['nodot/x', /no dot in the first path element "nodot"/],
      ['Example.com/x', /invalid character "E" in the first path element/],
      ['example.com//x', /empty path element/],
      ['example.com/x/', /empty path element/],
      ['example.com/../x', /starts with a dot/],
      ['example.com/a b', /invalid character " "/],
      ['example.com/a\u202ex', /invalid character/],
      ['example.com/con', /reserved name/],
      [`example.com/${'a'.repeat(600)}`, /longer than 512 characters/],
    ];
    for (const [path, problem] of cases) {
      const server = await serve([], {
        intercept: (req, res) => {
          res.writeHead(200).end(`${JSON.stringify(entry('a', '2020-01-01T00:00:00Z'))}\n${JSON.stringify({ Path: path, Version: 'v1.0.0', Timestamp: '2020-01-01T00:00:01Z' })}\n`);
          return true;
        },
      });
      const error = (await collect(crawlIndex({ pool, indexUrl: server.url })).catch((caught: unknown) => caught)) as IndexError;
      expect(error).toBeInstanceOf(IndexError);
      expect(error.code).toBe('ERR_INDEX_MALFORMED_LINE');
      expect(error.details?.line).toBe(2);
      expect(error.message).toMatch(/invalid module path/);
      expect(error.message).toMatch(problem);
    }
  });

  it('rejects an implausible version like a malformed line', async () => {
    for (const [version, problem] of [['v1.0.0\tx', /invalid character "\\t"/], ['1.0.0', /does not start with "v"/], [`v1.${'0'.repeat(200)}`, /longer than 128/]] as const) {
      const server = await serve([], {
        intercept: (req, res) => {
          res.writeHead(200).end(`${JSON.stringify({ Path: 'example.com/a', Version: version, Timestamp: '2020-01-01T00:00:01Z' })}\n`);
          return true;
        },
      });
      const error = (await collect(crawlIndex({ pool, indexUrl: server.url })).catch((caught: unknown) => caught)) as IndexError;
      expect(error.code).toBe('ERR_INDEX_MALFORMED_LINE');
      expect(error.details?.line).toBe(1);
      expect(error.message).toMatch(/invalid version/);
      expect(error.message).toMatch(problem);
    }
  });

  it('keeps an entry from the far future out of the entries and the cursor, and reports it', async () => {
    const data = [entry('a', '2020-01-01T00:00:00Z'), entry('b', '2020-01-01T00:00:01Z'), entry('forever', '9999-12-31T23:59:59Z')];
    const server = await serve(data);
    const { pages, entries } = await collect(crawlIndex({ pool, indexUrl: server.url }));
    expect(entries.map((e) => short(e.path))).toEqual(['a', 'b']);
    expect(pages.at(-1)!.cursor).toEqual({ since: '2020-01-01T00:00:01Z', atSince: ['example.com/b@v1.0.0'] });
    expect(pages.at(-1)!.future).toMatchObject({ path: 'example.com/forever', timestamp: '9999-12-31T23:59:59Z' });
    // The index grows: an entry published later is read by the next crawl from the cursor.
    const grown = await serve([...data.slice(0, 2), entry('c', '2020-01-01T00:00:02Z'), data[2]!]);
    const again = await collect(crawlIndex({ pool, indexUrl: grown.url, from: pages.at(-1)!.cursor }));
    expect(again.entries.map((e) => short(e.path))).toEqual(['c']);
    expect(again.pages.at(-1)!.future?.path).toBe('example.com/forever');
    // Within the allowed skew an entry is taken; past it, not.
    const soon = new Date(Date.now() + 60_000).toISOString();
    const near = await serve([entry('a', '2020-01-01T00:00:00Z'), entry('soon', soon)]);
    expect((await collect(crawlIndex({ pool, indexUrl: near.url }))).entries.map((e) => short(e.path))).toEqual(['a', 'soon']);
    const strict = await collect(crawlIndex({ pool, indexUrl: near.url, futureSkewMs: 0 }));
    expect(strict.entries.map((e) => short(e.path))).toEqual(['a']);
    expect(strict.pages.at(-1)!.future?.path).toBe('example.com/soon');
  });

  it('stops when aborted', async () => {
    const server = await serve([entry('a', '2020-01-01T00:00:00Z')], { delayMs: 5_000 });
    const controller = new AbortController();
    const crawl = crawlIndex({ pool, indexUrl: server.url, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = (await crawl.next().catch((caught: unknown) => caught)) as IndexError;
    expect(error.code).toBe('ERR_INDEX_ABORTED');
  });

  it('validates its options with TypeErrors showing the value', () => {
    expect(() => crawlIndex({ pool, indexUrl: 'not a url' })).toThrow("Expected `options.indexUrl` to be an absolute URL, got 'not a url'");
    expect(() => crawlIndex({ pool, limit: 0 })).toThrow('Expected `options.limit` to be a positive integer, got 0');
    expect(() => crawlIndex({ pool, futureSkewMs: -1 })).toThrow('Expected `options.futureSkewMs` to be a non-negative number of milliseconds, got -1');
    expect(() => crawlIndex({ pool, until: 'yesterday' })).toThrow(TypeError);
    expect(() => crawlIndex({ pool, from: { since: '2020-01-01T00:00:00Z' } as never })).toThrow('Expected `options.from.atSince` to be an array');
  });
});
