import { describe, expect, test } from 'vitest';
import { Reporter } from '../src/Reporter.js';

/** A stand-in for process.stderr: what was written, and whether it claims to be a terminal. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY, columns: 80, text: '', write: (chunk: string) => ((stream.text += chunk), true) };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z /;

describe('Reporter', () => {
  test('on a terminal, the progress line is redrawn in place and ended before anything else', () => {
    const stream = fakeStream(true);
    const reporter = new Reporter({}, stream);
    reporter.progress('clone current: Receiving objects 10%');
    reporter.progress('clone current: Receiving objects 20%');
    reporter.warn('old clone');
    reporter.progress('clone current: Receiving objects 90%');
    reporter.done();
    expect(stream.text).toBe(
      '\r\x1b[2Kclone current: Receiving objects 10%\r\x1b[2Kclone current: Receiving objects 20%\nwarning: old clone\n' +
        '\r\x1b[2Kclone current: Receiving objects 90%\n',
    );
  });

  test('on a pipe, progress is a timestamped log line at most every few seconds', () => {
    const stream = fakeStream(false);
    const reporter = new Reporter({}, stream);
    reporter.progress('clone current: 10%');
    reporter.progress('clone current: 20%'); // within the interval: not written
    reporter.done();
    const lines = stream.text.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(TIMESTAMP);
    expect(lines[0]).toMatch(/ clone current: 10%$/);
  });

  test('--quiet keeps stderr empty; --verbose adds timestamped details', () => {
    const quiet = fakeStream(false);
    const q = new Reporter({ quiet: true }, quiet);
    q.progress('x');
    q.warn('y');
    q.detail('z');
    expect(quiet.text).toBe('');

    const verbose = fakeStream(false);
    const v = new Reporter({ verbose: true }, verbose);
    v.detail('probe');
    expect(verbose.text).toMatch(TIMESTAMP);
    expect(new Reporter({}, fakeStream(false)).verbose).toBe(false);
  });
});
