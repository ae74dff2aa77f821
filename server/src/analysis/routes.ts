/** What a route's path and name say about it: sensitive, public by nature, full rule. */
import { words } from './python';

const SENSITIVE = new Set([
  'admin', 'admins', 'administrator', 'administration', 'config', 'configs', 'configuration', 'configure', 'settings', 'setting',
  'delete', 'deleted', 'remove', 'removed', 'user', 'users', 'account', 'accounts', 'export', 'exports', 'internal', 'debug',
  'token', 'tokens', 'key', 'keys', 'apikey', 'apikeys', 'secret', 'secrets', 'manage', 'management', 'manager', 'upload', 'uploads',
]);

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Public whatever the method: the way in, the way out, and token issuing. */
const PUBLIC_ANY = /^(login|logout|log_?in|log_?out|signin|sign_?in|signout|sign_?out|signup|sign_?up|register|registration|forgot|forgot_?password|reset_?password|password_?reset|token|oauth_?token|refresh|callback|authorize)$/;
/** Public when only read. */
const PUBLIC_READ = /^(index|home|static|health|healthz|healthcheck|health_?check|livez|readyz|ready|alive|ping|status|version|favicon(\.ico)?|robots(\.txt)?|sitemap(\.xml)?|docs|redoc|swagger|swagger_?ui|apidocs|openapi(\.json|\.ya?ml)?|swagger\.json|spec)$/;

/** The static segments of a rule: `/api/users/<int:id>/edit` → [api, users, edit]. */
export function staticSegments(rule: string): string[] {
  return rule.split('/').filter((s) => s && !s.startsWith('<'));
}

export function isSensitive(rule: string, viewName: string, methods: readonly string[]): boolean {
  if (methods.some((m) => WRITE_METHODS.has(m))) return true;
  return [...words(rule), ...words(viewName)].some((w) => SENSITIVE.has(w));
}

/** Login, logout, token issuing, the index, health checks, docs... */
export function isPublicByNature(rule: string, viewName: string, methods: readonly string[]): boolean {
  const readOnly = methods.every((m) => !WRITE_METHODS.has(m));
  const segments = staticSegments(rule).map((s) => s.toLowerCase().replace(/-/g, '_'));
  const last = segments[segments.length - 1];
  // RULES.md: the index `/` is public by nature, whatever methods its form accepts.
  if (rule === '/' || rule === '') return true;
  if (segments[0] === 'static' && readOnly) return true;
  if (last && PUBLIC_ANY.test(last)) return true;
  // `/auth/login/<provider>`, `/password/reset/<token>`: the last static words decide.
  if (segments.length >= 2 && PUBLIC_ANY.test(segments.slice(-2).join('_'))) return true;
  if (last && readOnly && PUBLIC_READ.test(last)) return true;
  const name = viewName.toLowerCase();
  if (PUBLIC_ANY.test(name)) return last === undefined || !SENSITIVE.has(last);
  return false;
}

/** Joins URL prefixes the way Flask does (no doubled or missing slashes). */
export function joinRule(...parts: (string | undefined)[]): string {
  let out = '';
  for (const part of parts) {
    if (!part) continue;
    const p = part.startsWith('/') ? part : '/' + part;
    out = out.endsWith('/') ? out.slice(0, -1) + p : out + p;
  }
  return out || '/';
}

/** Does a user's public-route entry (a rule, a glob with `*`, or an endpoint) name this route? */
export function matchesPublicSetting(entry: string, rule: string, endpoint: string): boolean {
  if (entry === endpoint || entry === rule) return true;
  if (!entry.includes('*')) return false;
  const re = new RegExp('^' + entry.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(rule) || re.test(endpoint);
}
