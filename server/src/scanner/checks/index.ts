import type { Exchange } from '../types';
import type { ScanContext } from './context';
import { checkUnauthenticatedEndpoint } from './fg501-unauthenticated-endpoint';
import { checkAnyCredentialAccepted } from './fg502-any-credential-accepted';
import { checkMalformedAuthorization } from './fg503-malformed-authorization';
import { inspectDebugger } from './fg504-debugger-exposed';
import { inspectReadableSession } from './fg505-readable-session-data';
import { inspectWeakSessionSecret } from './fg506-weak-session-secret';
import { checkJwtNoneAccepted } from './fg507-jwt-none-accepted';
import { inspectJwtWeakSecret } from './fg508-jwt-weak-secret';
import { inspectCookieFlags } from './fg509-insecure-cookie-flags';
import { inspectPermissiveCors } from './fg510-permissive-cors';
import { inspectErrorDisclosure } from './fg511-error-disclosure';
import { checkDocumentedAuth } from './fg512-documented-auth-not-enforced';
import { checkMethodBypass } from './fg514-auth-bypass-via-method';
import type { EndpointProbe } from './probe';

export { checkGivenJwt } from './fg508-jwt-weak-secret';
export { checkLoginThrottle } from './fg513-no-login-rate-limit';
export { probeOrigin } from './fg510-permissive-cors';

/** Checks that read every answer the scan gets, sending nothing themselves. */
const passiveChecks: ((ctx: ScanContext, exchange: Exchange) => void)[] = [
  inspectDebugger, inspectReadableSession, inspectWeakSessionSecret, inspectJwtWeakSecret,
  inspectCookieFlags, inspectPermissiveCors, inspectErrorDisclosure,
];

export function inspectExchange(ctx: ScanContext, exchange: Exchange): void {
  for (const check of passiveChecks) {
    check(ctx, exchange);
  }
}

/**
 * Checks that judge one endpoint from its anonymous answer, sending more
 * requests where they need them. Sequential per endpoint, so the answers
 * they share (identity, random credential) are sent once.
 */
export async function checkEndpoint(probe: EndpointProbe): Promise<void> {
  checkUnauthenticatedEndpoint(probe);
  checkDocumentedAuth(probe);
  await checkMethodBypass(probe);
  await checkAnyCredentialAccepted(probe);
  await checkMalformedAuthorization(probe);
  await checkJwtNoneAccepted(probe);
}
