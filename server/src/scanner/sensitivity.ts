/** FG101's words: a path or view name that speaks of these deserves authentication. */
const sensitiveWords = new Set([
  'admin', 'administrator', 'config', 'configuration', 'settings', 'setting', 'delete', 'remove', 'user', 'users',
  'account', 'accounts', 'export', 'internal', 'debug', 'token', 'tokens', 'key', 'keys', 'apikey', 'apikeys',
  'secret', 'secrets', 'manage', 'management', 'upload', 'uploads',
]);

/** Open by design (FG101's exceptions): login and friends, health, docs, static files, the index. */
const publicPath = /(^|\/)(log-?in|log-?out|sign-?in|sign-?out|sign-?up|register|password[-_]?reset|reset[-_]?password|forgot[-_]?password|token|health|healthz|ping|status|favicon\.ico|robots\.txt|docs?|openapi\.(json|ya?ml)|swagger\.json|static)(\/|$)/i;

export function isSensitivePath(path: string, name = ''): boolean {
  return `${path} ${name}`.toLowerCase().split(/[^a-z0-9]+/).some((word) => sensitiveWords.has(word));
}

export function isPublicByNature(path: string): boolean {
  return path === '/' || path === '' || publicPath.test(path);
}

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const privilegedField = /"(is_admin|is_superuser|is_staff|role|roles|permissions|password|password_hash|api_key|secret|ssn)"\s*:/i;

/** What in an answer proves it should not have been public: e-mail addresses, user records, admin markers. */
export function sensitiveContent(body: string): string | undefined {
  if (emailPattern.test(body)) {
    return 'e-mail addresses';
  }
  const field = privilegedField.exec(body);
  return field ? `a "${field[1]}" field` : undefined;
}
