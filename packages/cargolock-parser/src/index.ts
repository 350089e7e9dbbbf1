export type { CargoLock, CargoLockPackage, CargoLockVersion, LockPackage } from './CargoLock.js';
export { CargoLockError } from './CargoLockError.js';
export type { CargoLockErrorCode } from './CargoLockError.js';
export { CRATES_IO_SOURCE, cratesIoPackages } from './cratesIoPackages.js';
export { parseCargoLock } from './parseCargoLock.js';
export type { ParseCargoLockOptions } from './parseCargoLock.js';
export { readCargoLock } from './readCargoLock.js';
