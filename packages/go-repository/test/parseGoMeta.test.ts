import { describe, expect, it } from 'vitest';
import { goGetPage } from '@registry-miners/testkit';
import { isRepositoryUrl, matchGoImport, parseGoMeta } from '../src/index.js';

describe('parseGoMeta', () => {
  it('reads go-import and go-source tags from the head', () => {
    const html = goGetPage(
      ['go-import', 'go.uber.org/zap git https://github.com/uber-go/zap'],
      ['go-source', 'go.uber.org/zap https://github.com/uber-go/zap https://github.com/uber-go/zap/tree/master{/dir} https://github.com/uber-go/zap/tree/master{/dir}/{file}#L{line}'],
    );
    expect(parseGoMeta(html)).toEqual({
      imports: [{ prefix: 'go.uber.org/zap', vcs: 'git', repoUrl: 'https://github.com/uber-go/zap' }],
      sources: [
        {
          prefix: 'go.uber.org/zap',
          home: 'https://github.com/uber-go/zap',
          directory: 'https://github.com/uber-go/zap/tree/master{/dir}',
          file: 'https://github.com/uber-go/zap/tree/master{/dir}/{file}#L{line}',
        },
      ],
    });
  });

  it('accepts attribute names in any case, single quotes, unquoted values, entities and the 4-field form', () => {
    const html = `<head><META NAME='go-import' CONTENT='a.org/x git https://a.org/x?a=1&amp;b=2'><meta name=go-import content="b.org/y git https://b.org/y sub/dir"></head>`;
    expect(parseGoMeta(html).imports).toEqual([
      { prefix: 'a.org/x', vcs: 'git', repoUrl: 'https://a.org/x?a=1&b=2' },
      { prefix: 'b.org/y', vcs: 'git', repoUrl: 'https://b.org/y', subdir: 'sub/dir' },
    ]);
  });

  it('ignores tags in comments, after <body> or </head>, and with the wrong number of fields', () => {
    const html =
      '<head><!-- <meta name="go-import" content="c.org/x git https://c.org/x"> --><meta name="go-import" content="two fields">' +
      '<meta name="go-import" content="a b c d e"></head><meta name="go-import" content="d.org/x git https://d.org/x">';
    expect(parseGoMeta(html).imports).toEqual([]);
    expect(parseGoMeta('<html><body><meta name="go-import" content="e.org/x git https://e.org/x">').imports).toEqual([]);
  });

  it('never throws on garbage and stays linear on hostile input', () => {
    expect(parseGoMeta('\u0000<<<"\'<meta name="go-import" content="x').imports).toEqual([]);
    const hostile = '<a '.repeat(350_000); // ~1 MB of unterminated tags
    const started = performance.now();
    expect(parseGoMeta(hostile).imports).toEqual([]);
    expect(parseGoMeta('<meta name="a" '.repeat(70_000)).imports).toEqual([]);
    // Generous bound: a quadratic scan of this input takes minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('matchGoImport', () => {
  const tag = (prefix: string, vcs = 'git') => ({ prefix, vcs, repoUrl: `https://r.example/${prefix}` });

  it('matches a prefix at a / boundary only', () => {
    expect(matchGoImport([tag('a.org/x')], 'a.org/x/y')).toMatchObject({ status: 'match', import: { prefix: 'a.org/x' } });
    expect(matchGoImport([tag('a.org/x')], 'a.org/xy')).toEqual({ status: 'no-match', prefixes: ['a.org/x'] });
  });

  it('ignores mod entries and refuses several matching tags', () => {
    expect(matchGoImport([tag('a.org/x', 'mod'), tag('a.org/x')], 'a.org/x')).toMatchObject({ status: 'match', import: { vcs: 'git' } });
    expect(matchGoImport([tag('a.org/x', 'mod')], 'a.org/x')).toEqual({ status: 'no-match', prefixes: [] });
    expect(matchGoImport([tag('a.org'), tag('a.org/x')], 'a.org/x/y')).toEqual({ status: 'ambiguous', prefixes: ['a.org', 'a.org/x'] });
  });
});

describe('isRepositoryUrl', () => {
  it.each([
    ['https://github.com/yaml/go-yaml', true],
    ['ssh://git@example.org/x.git', true],
    ['git://example.org/x', true],
    ['github.com/yaml/go-yaml', false],
    ['=HYPERLINK("https://evil.example","x")', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['https://', false],
    ['https://a.example/x\ny', false],
    ['https://a.example/x\u2028', false],
    ['https://a.example/\u0000', false],
    [' https://a.example/x', false],
    [`https://a.example/${'x'.repeat(3000)}`, false],
  ])('%j → %s', (value, expected) => {
    expect(isRepositoryUrl(value)).toBe(expected);
  });
});
