/** The one check of the job's numeric and URL settings, shared by the package and the CLI. */
import { checkHttpUrl, checkInteger, checkNumber } from '@registry-miners/utils';

/** The values a numeric setting accepts (see `LIMITS`). */
export interface SettingRange {
  min: number;
  max: number;
  /** Only whole numbers. */
  integer: boolean;
}

/**
 * The one check of a numeric setting, used by {@link runJob} and by the CLI's flag parsing alike:
 * ``Expected `concurrency` to be an integer from 1 to 1024, got 0`` (a `TypeError`).
 */
export function checkSetting(name: string, value: unknown, range: SettingRange): number {
  return range.integer ? checkInteger(name, value, range) : checkNumber(name, value, range);
}

/** The one check of a URL setting (absolute http or https), returning it as given. */
export function checkUrlSetting(name: string, value: unknown): string {
  checkHttpUrl(name, value);
  return value as string;
}
