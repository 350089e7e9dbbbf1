import { describe, expect, it } from 'vitest';
import { escapeLineSeparators, safeCell, singleLine } from '../src/formats/safeCell.js';

describe('safeCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', '\\r=1'], // the CR is escaped first: the cell no longer starts with it
    ['https://github.com/a/b', 'https://github.com/a/b'],
    ['a\nb\r\nc\u0000d\u2028e\u2029f\u0085g\u001bh', 'a\\nb\\r\\nc\\0d\\u2028e\\u2029f\\u0085g\\u001bh'],
    ['tab\tinside', 'tab\tinside'],
  ])('%j → %j', (input, expected) => {
    expect(safeCell(input)).toBe(expected);
  });

  it('keeps a single line single and escapes U+2028/9 in JSON text', () => {
    expect(singleLine('plain')).toBe('plain');
    expect(escapeLineSeparators(JSON.stringify({ a: 'x\u2028y\u2029' }))).toBe('{"a":"x\\u2028y\\u2029"}');
  });
});
