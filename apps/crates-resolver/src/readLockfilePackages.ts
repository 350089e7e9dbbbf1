import { CargoLockError, cratesIoPackages, readCargoLock } from '@registry-miners/cargolock-parser';
import type { LockPackage } from '@registry-miners/cargolock-parser';
import { CliError, ExitCode } from './CliError.js';

/** The crates.io packages of a lockfile on disk; any problem with the file is bad input (exit 2). */
export async function readLockfilePackages(path: string): Promise<LockPackage[]> {
  try {
    return cratesIoPackages(await readCargoLock(path));
  } catch (error) {
    if (error instanceof CargoLockError) {
      throw new CliError(error.message, { exitCode: ExitCode.badInput, cause: error });
    }
    throw error;
  }
}
