import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goGroundTruth } from '@registry-miners/testkit';
import type { FakeGoRegistry } from '@registry-miners/testkit';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { parseCsv } from './support/csv.js';
import { dataset, registryArgs, registryForSuite } from './support/registry.js';

/** Origin URLs a hostile proxy could send: formulas, fake rows, separators, no scheme. None is a repository URL. */
const HOSTILE_URLS = [
  '=HYPERLINK("http://evil.example","click")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1+1)',
  '\thttps://tab.example/x',
  '\rhttps://cr.example/x',
  'https://evil.example/a\n99999,Go,injected,row,here',
  'https://evil.example/\u2028x',
  'https://evil.example/\u0000x',
  'javascript:alert(1)',
  'github.com/no/scheme',
];

function hostileIndex(path: string): number {
  let h = 0;
  for (const char of path) h = (h * 31 + char.charCodeAt(0)) >>> 0;
  return h % (HOSTILE_URLS.length + 2);
}

/** Every third-ish module gets a hostile URL; one slot keeps the URL and poisons the other fields. */
function rewrite(path: string, origin: Record<string, unknown>): unknown {
  const k = hostileIndex(path);
  if (k < HOSTILE_URLS.length) return { ...origin, URL: HOSTILE_URLS[k] };
  if (k === HOSTILE_URLS.length) return { ...origin, VCS: '=1+1', Ref: '@ref\nfake,row', Subdir: '-sub\u2029dir', Hash: '+abc\r' };
  return origin;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const BREAKING = /[\r\n\u0000\u2028\u2029]/;

describe('hostile Origin fields', () => {
  const data = dataset({ entries: 3_000, modules: 600, seed: 3 });
  const truth = [...goGroundTruth(data)];
  let registry: FakeGoRegistry;
  let dir: string;
  registryForSuite({ dataset: data, rewriteOrigin: rewrite }, (suite) => ({ registry, dir } = suite));

  it('never writes a formula, a line break, NUL or U+2028/9 into any format, and never a non-URL as repository', async () => {
    const state = join(dir, 'state');
    const csvOut = join(dir, 'out.csv');
    const run = await runCli([...registryArgs(registry), '--state-dir', state, '--out', csvOut]);
    expect(run.code).toBe(0);
    const hostileRows = truth.filter((row) => row.status === 'found' && hostileIndex(row.path) < HOSTILE_URLS.length);
    expect(new Set(hostileRows.map((row) => hostileIndex(row.path))).size).toBe(HOSTILE_URLS.length);

    // csv: one line per module (what wc -l sees), no formula, and nan where the Origin URL is not a URL.
    const csv = await readFile(csvOut, 'utf8');
    expect(csv.split('\n').length - 1).toBe(truth.length + 1);
    expect(csv).not.toMatch(/[\r\u0000\u2028\u2029]/);
    const rows = await parseCsv(csv);
    expect(rows.length).toBe(truth.length + 1);
    for (const [index, row] of truth.entries()) {
      const cells = rows[index + 1]!;
      const hostile = row.status === 'found' && hostileIndex(row.path) < HOSTILE_URLS.length;
      expect(cells).toEqual([String(row.id), 'Go', row.path, hostile ? 'nan' : (row.url ?? 'nan'), hostile ? 'nan' : (row.url ?? 'nan')]);
    }

    // extended: the raw value kept in Reason (on one line), marked invalid; other poisoned fields neutralised.
    const extendedOut = join(dir, 'extended.csv');
    expect((await runCli(['export', '--state-dir', state, '--format', 'extended', '--out', extendedOut, '--progress', 'none'])).code).toBe(0);
    const extendedText = await readFile(extendedOut, 'utf8');
    expect(extendedText.split('\n').length - 1).toBe(truth.length + 1);
    const extended = await parseCsv(extendedText);
    for (const cells of extended) {
      for (const cell of cells) {
        expect(cell).not.toMatch(FORMULA_START);
        expect(cell).not.toMatch(BREAKING);
      }
    }
    const byPath = new Map(extended.slice(1).map((cells) => [cells[1]!, cells]));
    for (const row of hostileRows) {
      const cells = byPath.get(row.path)!;
      expect(cells[6]).toBe(''); // Repository URL
      expect(cells[11]).toBe('none'); // Repository Source
      expect(cells[10]).toContain('invalid Origin.URL (not a URL with a scheme and host)');
    }
    const injected = extended.find((cells) => cells[10]!.includes('99999,Go,injected'))!;
    expect(injected[10]).toContain('https://evil.example/a\\n99999,Go,injected,row,here');
    const poisoned = truth.find((row) => row.status === 'found' && hostileIndex(row.path) === HOSTILE_URLS.length)!;
    expect(byPath.get(poisoned.path)!.slice(5, 10)).toEqual(["'=1+1", poisoned.url, "'-sub\\u2029dir", "'+abc\\r", "'@ref\\nfake,row"]);

    // jsonl: one parseable line per module, U+2028/9 escaped in the text, strings on one line.
    const jsonl = await runCli(['export', '--state-dir', state, '--format', 'jsonl', '--out', '-', '--progress', 'none']);
    expect(jsonl.code).toBe(0);
    expect(jsonl.stdout).not.toMatch(/[\u2028\u2029\r\u0000]/);
    const lines = jsonl.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(truth.length);
    for (const line of lines) {
      const strings: string[] = [];
      const value = JSON.parse(line, (_key, field: unknown) => (typeof field === 'string' && strings.push(field), field)) as { path: string; repositorySource: string; reason?: string };
      for (const text of strings) expect(text).not.toMatch(BREAKING);
      if (hostileRows.some((row) => row.path === value.path)) {
        expect(value.repositorySource).toBe('none');
        expect(value.reason).toContain('invalid Origin.URL');
      }
    }
  });
});
