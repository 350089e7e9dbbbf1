import { readFileSync } from 'node:fs';
import type { LockHolder } from './LockHolder.js';

/**
 * The holder record in `path`, or undefined when it is missing (a holder between taking the lock and
 * writing it, or one that released it) or unreadable.
 */
export function readLockHolder(path: string): LockHolder | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, hostname, since } = parsed as Record<string, unknown>;
    if (typeof pid === 'number' && typeof hostname === 'string' && typeof since === 'string') return { pid, hostname, since };
  } catch {
    // Missing or half-written: unknown holder.
  }
  return undefined;
}
