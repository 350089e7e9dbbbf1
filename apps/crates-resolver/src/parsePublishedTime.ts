import { CliError, ExitCode } from './CliError.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 time with an explicit offset. A time without an offset is refused rather than
 * read in the machine's zone: the answer of a search depends on the exact instant.
 */
export function parsePublishedTime(value: string, flag = '--published'): Date {
  const time = RFC3339.test(value) ? new Date(value.replace(' ', 'T')) : undefined;
  if (time === undefined || Number.isNaN(time.getTime())) {
    throw new CliError(`${flag} ${JSON.stringify(value)} is not an RFC 3339 time`, {
      exitCode: ExitCode.badInput,
      hint: 'give a date, a time and an offset, e.g. 2020-04-23T03:35:52+02:00 or 2020-04-23T01:35:52Z',
    });
  }
  return time;
}
