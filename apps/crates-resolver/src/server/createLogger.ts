import { pino } from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'json' | 'text';

/**
 * JSON lines (time, level, msg and fields) for log collectors, or readable lines for a terminal
 * (`text`). Written synchronously to `destination` (stderr by default) so nothing is lost on exit.
 */
export function createLogger(format: LogFormat, destination: NodeJS.WritableStream = process.stderr): Logger {
  const options = { base: null, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'text') return pino(options, pretty({ destination, sync: true, colorize: false, translateTime: 'SYS:standard', singleLine: true }));
  return pino(options, destination);
}
