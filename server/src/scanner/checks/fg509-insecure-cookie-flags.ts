import { responseCookies } from '../response-headers';
import type { Exchange } from '../types';
import { findingFrom, type ScanContext } from './context';

/** Names of cookies that carry a session or a credential (a `theme` cookie is nobody's business). */
const authCookieName = /sess|auth|token|jwt|remember|identity|login|access|refresh|(^|[_.-])sid$/i;
/** Double-submit CSRF cookies must stay readable by scripts: not HttpOnly by design. */
const csrfCookieName = /csrf|xsrf/i;

/** FG509: a session/auth cookie without Secure, HttpOnly or SameSite. */
export function inspectCookieFlags(ctx: ScanContext, exchange: Exchange): void {
  for (const cookie of responseCookies(exchange.response)) {
    const clearing = cookie.value === '' || cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now());
    if (clearing || !authCookieName.test(cookie.name) || csrfCookieName.test(cookie.name)) {
      continue;
    }
    const missing = [!cookie.secure && 'Secure', !cookie.httpOnly && 'HttpOnly', !cookie.sameSite && 'SameSite'].filter((f): f is string => Boolean(f));
    if (missing.length > 0 && ctx.firstTime(`FG509 ${cookie.name}`)) {
      ctx.report(findingFrom(ctx, 'FG509', exchange,
        `the "${cookie.name}" cookie is set without ${missing.join(', ')}`,
        { cookie: cookie.name, missing }));
    }
  }
}
