import { describe, expect, it } from 'vitest';
import { RepositoryTable } from '../src/RepositoryTable.js';
import type { RowRepository } from '../src/formats/repositoryOf.js';

const origin = (url: string): RowRepository => ({ source: 'origin', url, invalidOriginUrl: undefined });

describe('RepositoryTable', () => {
  it('finds the repository of every module added, exactly by path, through its growth', () => {
    // Sized for 10 but given 50,000: the index grows many times over, and the entries fill three blocks of 1 MiB.
    const table = new RepositoryTable(4 << 20, 10);
    const paths = Array.from({ length: 50_000 }, (_, index) => `example.com/m${index}`);
    for (const [index, path] of paths.entries()) {
      expect(table.add(path, index % 3 === 0 ? { source: 'go-get', url: `https://git.example/${index}`, invalidOriginUrl: undefined } : origin(`https://github.com/o/r${index}`))).toBe(true);
    }
    expect(table.size).toBe(50_000);
    expect(table.complete).toBe(true);
    for (const [index, path] of paths.entries()) {
      expect(table.find(path)).toEqual(
        index % 3 === 0 ? { source: 'go-get', url: `https://git.example/${index}`, invalidOriginUrl: undefined } : origin(`https://github.com/o/r${index}`),
      );
    }
    // A prefix, an extension and a near miss of held paths are other modules.
    expect(table.find('example.com/m1 ')).toBeUndefined();
    expect(table.find('example.com/m')).toBeUndefined();
    expect(table.find('example.com/m50000')).toBeUndefined();
  });

  it('gives back URLs kept as a prefix of the path exactly, and those that only look like one', () => {
    const table = new RepositoryTable(1 << 20);
    const cases: Array<[string, string]> = [
      ['github.com/owner/repo/v2/sub', 'https://github.com/owner/repo'],
      ['example.com/whole', 'https://example.com/whole'],
      ['example.com/é/x', 'https://example.com/é'],
      ['example.com/longer', 'https://example.com/longer/than/the/path'],
      ['example.com/http', 'http://example.com/http'],
      ['example.com/other', 'https://github.com/example/other'],
    ];
    for (const [path, url] of cases) table.add(path, origin(url));
    for (const [path, url] of cases) expect(table.find(path)).toEqual(origin(url));
  });

  it('holds nothing for a module without a repository URL', () => {
    const table = new RepositoryTable(1 << 20);
    expect(table.add('example.com/none', { source: 'none', url: undefined, invalidOriginUrl: 'not a url' })).toBe(true);
    expect(table.size).toBe(0);
    expect(table.find('example.com/none')).toBeUndefined();
  });

  it('keeps text that is not ASCII byte for byte', () => {
    const table = new RepositoryTable(1 << 20);
    table.add('example.com/é', origin('https://例え.jp/リポジトリ'));
    table.add('example.com/e', origin('https://example.com/plain'));
    expect(table.find('example.com/é')?.url).toBe('https://例え.jp/リポジトリ');
    expect(table.find('example.com/e')?.url).toBe('https://example.com/plain');
  });

  it('stops at its budget, incomplete, and still answers for what it holds', () => {
    const table = new RepositoryTable(4096);
    let added = 0;
    while (table.add(`example.com/module-${added}`, origin(`https://github.com/owner/module-${added}`))) added++;
    expect(table.complete).toBe(false);
    expect(table.blockBytes).toBe(1024);
    expect(added).toBeGreaterThan(20);
    expect(added).toBeLessThan(4096 / 50);
    // Once over the budget, it takes nothing more, even a short entry that would fit.
    expect(table.add('a.b/c', origin('https://a.b/c'))).toBe(false);
    expect(table.find('a.b/c')).toBeUndefined();
    for (let index = 0; index < added; index++) expect(table.find(`example.com/module-${index}`)?.url).toBe(`https://github.com/owner/module-${index}`);
    expect(table.find(`example.com/module-${added}`)).toBeUndefined();
  });
});
