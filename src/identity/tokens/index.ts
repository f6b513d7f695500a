export * from './types.js';
export type { RevocationFilter, Revocations } from './revocations.js';
export {
  fernetDecrypt,
  fernetEncrypt,
  generateFernetKey,
  parseFernetKey,
  type FernetEncryptOptions,
  type FernetKey,
} from './fernet.js';
export {
  FernetKeyRepository,
  FernetKeysNotFound,
  type FernetKeySource,
  type RotationResult,
} from './key-repository.js';
export { METHOD_BITS, decodePayload, encodePayload, newAuditId } from './payload-codec.js';
export { ALLOW_EXPIRED_WINDOW_SECONDS, TokenFormatter, type ParseOptions } from './token-formatter.js';
export { RevocationIndex, type RevocationEvent, type TokenFacts } from './revocation-index.js';
export { RevocationStore, createRevocationStore, type RevocationStoreOptions } from './revocation-store.js';
