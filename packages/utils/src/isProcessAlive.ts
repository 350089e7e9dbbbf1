import { checkInteger } from './checkInteger.js';

/**
 * True when a process with this id runs on this host (signal 0 probes without signalling; EPERM means
 * it runs as another user). A pid may be reused by an unrelated process after its owner died: for
 * ownership that must be exact, hold an OS lock instead (`@registry-miners/directory-lock`).
 */
export function isProcessAlive(pid: number): boolean {
  // 0 and negative ids name process groups for kill(): never what a caller means.
  checkInteger('pid', pid, { min: 1 });
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
