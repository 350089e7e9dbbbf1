import type { ClassifiedResponse, ResponseVerdict } from './ResponseClassifier.js';

/**
 * The verdict used when no classifier decides: 2xx/3xx `ok`; 408, 429 and 5xx `retry`; anything else `final`.
 */
export function defaultClassifier(res: Pick<ClassifiedResponse, 'status'>): ResponseVerdict {
  const { status } = res;
  if (status < 400) return 'ok';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'final';
}
