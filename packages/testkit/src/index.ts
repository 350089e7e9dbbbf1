export { bareCloneFromBundle, cratesCasesDir, cratesIndexBundle } from './crates/bundle.js';
