import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogProgress } from '../src/LogProgress.js';
import { TtyProgress } from '../src/TtyProgress.js';

/** A terminal-like stream that keeps what was written. */
class Terminal extends Writable {
  text = '';
  columns = 120;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('progress renderers', () => {
  it('draws a bar per task with counts, rate and ETA, logs above the bars, and leaves finished tasks in the scrollback', () => {
    const terminal = new Terminal();
    const progress = new TtyProgress(terminal as unknown as NodeJS.WriteStream, 100);
    progress.update('lookup', 0, 1000);
    vi.advanceTimersByTime(1000);
    progress.update('lookup', 500, 1000);
    progress.note('lookup', 'found 480');
    vi.advanceTimersByTime(100);
    expect(terminal.text).toContain('lookup   [############------------] 500/1000 (50.0%) 500/s eta 1s found 480\n');

    terminal.text = '';
    progress.log('a warning');
    // The bars are erased (cursor up, clear to the end), the message printed, the bars drawn again below.
    expect(terminal.text).toBe('\x1b[1A\x1b[0Ja warning\nlookup   [############------------] 500/1000 (50.0%) 500/s eta 1s found 480\n');

    terminal.text = '';
    vi.advanceTimersByTime(1000);
    progress.update('lookup', 1000, 1000);
    progress.finish('lookup');
    expect(terminal.text).toMatch(/lookup {3}\[#{24}\] 1000\/1000 \(100\.0%\) [\d.]+\/s done found 480\n$/);

    terminal.text = '';
    vi.advanceTimersByTime(500);
    progress.close();
    expect(terminal.text).toBe(''); // nothing left to draw or erase
  });

  it('on a pipe, writes one line per interval for the tasks that moved, and one when a task finishes', () => {
    const lines: string[] = [];
    const progress = new LogProgress({ intervalMs: 1000, write: (line) => lines.push(line) });
    progress.update('pages', 10);
    progress.update('lookup', 0, 200);
    vi.advanceTimersByTime(1000);
    // Each line starts with the time it was written (UTC).
    expect(lines).toEqual(['2026-01-01T00:00:01Z pages 10 0.00/s | lookup 0/200 (0.0%) 0.00/s']);

    progress.update('lookup', 100, 200);
    vi.advanceTimersByTime(1000);
    expect(lines[1]).toBe('2026-01-01T00:00:02Z lookup 100/200 (50.0%) 100/s eta 1s');

    vi.advanceTimersByTime(3000); // nothing moved: nothing written
    expect(lines).toHaveLength(2);

    progress.finish('lookup');
    expect(lines[2]).toMatch(/^2026-01-01T00:00:05Z lookup 100\/200 \(50\.0%\) [\d.]+\/s done$/);
    progress.log('warning: something');
    expect(lines[3]).toBe('2026-01-01T00:00:05Z warning: something');
    progress.close();
  });
});
