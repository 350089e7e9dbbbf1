import { PassThrough, Writable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { format } from 'fast-csv';
import { describe, expect, it } from 'vitest';
import type { ExportRow } from '../src/formats/ExportRow.js';
import { csvRowWriter } from '../src/formats/csvRowWriter.js';

const HEADERS = ['ID', 'Name', 'Repository URL'];
/** Characters a cell is made of: fast-csv quotes or drops some of them, and multi-unit ones must survive. */
const ALPHABET = ['a', 'Z', '0', ' ', ',', '"', '|', '\r', '\n', '\0', '\t', "'", '=', 'é', '例', '😀', '/', '.', '-'];

function randomCell(random: () => number): string {
  let cell = '';
  for (let length = Math.floor(random() * 6); length > 0; length--) cell += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return cell;
}

/** Deterministic so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** What the export wrote before: fast-csv's formatter stream with the same options. */
async function fastCsvText(rows: string[][]): Promise<string> {
  const stream = format<string[], string[]>({ headers: [...HEADERS], includeEndRowDelimiter: true, rowDelimiter: '\n' });
  const result = text(stream);
  for (const row of rows) stream.write(row);
  stream.end();
  return result;
}

async function writerText(rows: string[][]): Promise<string> {
  const out = new PassThrough();
  const result = text(out);
  const writer = csvRowWriter(out, HEADERS, (row) => (row as unknown as { cells: string[] }).cells, { endDestination: true });
  for (const cells of rows) await writer.write({ cells } as unknown as ExportRow);
  await writer.end();
  return result;
}

describe('csvRowWriter', () => {
  it('writes byte for byte what fast-csv wrote, for cells with quotes, delimiters, line ends, NULs and any character', async () => {
    const random = seeded(7);
    for (let trial = 0; trial < 200; trial++) {
      const rows = Array.from({ length: trial % 5 }, () => HEADERS.map(() => randomCell(random)));
      expect(await writerText(rows)).toBe(await fastCsvText(rows));
    }
  });

  it('writes the header with the first row, and a single line end when there is no row (as fast-csv did)', async () => {
    expect(await writerText([])).toBe('\n');
    expect(await writerText([['1', 'a,b', 'say "hi"']])).toBe('ID,Name,Repository URL\n1,"a,b","say ""hi"""\n');
  });

  it('writes rows beyond its chunk size in order, waiting when the destination asks to', async () => {
    const chunks: string[] = [];
    let waits = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        setImmediate(callback);
      },
    });
    const writer = csvRowWriter(slow, HEADERS, (row) => (row as unknown as { cells: string[] }).cells, { endDestination: true });
    const rows = Array.from({ length: 20_000 }, (_, index) => [String(index + 1), `example.com/m${index}`, `https://example.com/m${index}`]);
    for (const cells of rows) {
      const wait = writer.write({ cells } as unknown as ExportRow);
      if (wait) {
        waits++;
        await wait;
      }
    }
    await writer.end();
    expect(chunks.length).toBeGreaterThan(1);
    expect(waits).toBeGreaterThan(0);
    expect(chunks.join('')).toBe(await fastCsvText(rows));
  });

  it('throws the destination’s error from the next write or from end()', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    const writer = csvRowWriter(failing, HEADERS, (row) => (row as unknown as { cells: string[] }).cells, { endDestination: true });
    const row = { cells: ['1', 'x'.repeat(70_000), 'y'] } as unknown as ExportRow;
    await expect(Promise.resolve(writer.write(row))).rejects.toThrow('disk full');
    await expect(writer.end()).rejects.toThrow('disk full');
  });
});
