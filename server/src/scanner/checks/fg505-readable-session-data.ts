import type { Exchange, Severity } from '../types';
import { findingFrom, type ScanContext } from './context';
import { flaskSessionCookies } from './session-cookies';

/** FG301's words: authorization data is an error, secrets and personal data a warning. */
const authorizationWords = new Set(['admin', 'role', 'roles', 'permission', 'permissions', 'scope', 'scopes', 'superuser', 'staff']);
const secretWords = new Set(['password', 'passwd', 'token', 'secret', 'ssn', 'card', 'notes', 'email']);
const secretKeys = new Set(['api_key', 'apikey']);

function keyParts(key: string): string[] {
  return key.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().split(/[_\-.]+/);
}

/** Flask-WTF keeps its CSRF token in the session by design: the user may read their own. */
const byDesign = new Set(['csrf', 'nonce']);

function classify(key: string): Severity | undefined {
  const parts = keyParts(key);
  if (parts.some((part) => byDesign.has(part))) {
    return undefined;
  }
  if (parts.some((part) => authorizationWords.has(part))) {
    return 'error';
  }
  return secretKeys.has(key.toLowerCase()) || parts.some((part) => secretWords.has(part)) ? 'warning' : undefined;
}

/**
 * FG505: Flask's session cookie is signed, not encrypted: anyone can read
 * it. Authorization data or secrets in it are readable (and, with a weak
 * key, forgeable).
 */
export function inspectReadableSession(ctx: ScanContext, exchange: Exchange): void {
  for (const { cookie, session } of flaskSessionCookies(exchange.response)) {
    const flagged = Object.keys(session.data).map((key) => ({ key, severity: classify(key) })).filter((k) => k.severity);
    if (flagged.length === 0 || !ctx.firstTime(`FG505 ${cookie.name}`)) {
      continue;
    }
    const severity: Severity = flagged.some((k) => k.severity === 'error') ? 'error' : 'warning';
    const keys = flagged.map((k) => k.key);
    ctx.report(findingFrom(ctx, 'FG505', exchange,
      `the session cookie "${cookie.name}" set here decodes without any key and holds ${keys.join(', ')}: keep authorization data and secrets server-side`,
      { cookie: cookie.name, keys, compressed: session.compressed }, severity));
  }
}
