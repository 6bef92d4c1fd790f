/** The auth kernel: roles, principals, password hashing, API keys and JWT issuing/verification. */
export { ROLES, isRole, type Role } from './roles.js';
export { systemPrincipal, type Principal } from './principal.js';
export { hashPassword, verifyPassword, assertPasswordStrength } from './password-hash.js';
export {
  generateApiKey,
  parseApiKey,
  verifyApiKeySecret,
  type GeneratedApiKey,
} from './api-key.js';
export {
  BuiltInIssuer,
  generateSigningKeyMaterial,
  type BuiltInIssuerOptions,
  type IssuedToken,
  type SigningKeyMaterial,
} from './builtin-issuer.js';
export { OidcVerifier, type OidcVerifierOptions } from './oidc-verifier.js';
export {
  authorize,
  PSEUDO_KINDS,
  ROLE_RULES,
  type AccessDecision,
  type Verb,
} from './access-policy.js';
