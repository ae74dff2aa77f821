import type { Rule } from '../types';
import presenceOnlyCredentialCheck from './presence-only-credential-check';
import hardcodedCredential from './hardcoded-credential';
import timingUnsafeComparison from './timing-unsafe-comparison';
import fragileAuthorizationParsing from './fragile-authorization-parsing';
import jwtSignatureNotVerified from './jwt-signature-not-verified';
import jwtClaimsNotValidated from './jwt-claims-not-validated';
import credentialInQueryString from './credential-in-query-string';
import credentialLogged from './credential-logged';
import hardcodedSecretKey from './hardcoded-secret-key';
import failOpenAuthException from './fail-open-auth-exception';
import plaintextPasswordCheck from './plaintext-password-check';

export const WEAK_CREDENTIAL_RULES: Rule[] = [
  presenceOnlyCredentialCheck,
  hardcodedCredential,
  timingUnsafeComparison,
  fragileAuthorizationParsing,
  jwtSignatureNotVerified,
  jwtClaimsNotValidated,
  credentialInQueryString,
  credentialLogged,
  hardcodedSecretKey,
  failOpenAuthException,
  plaintextPasswordCheck,
];
