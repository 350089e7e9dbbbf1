export { RegistryMinersError, hasErrorCode } from './RegistryMinersError.js';
export type { RegistryMinersErrorOptions } from './RegistryMinersError.js';
export { display } from './display.js';
export { expectedMessage, expectedTypeError } from './expected.js';
