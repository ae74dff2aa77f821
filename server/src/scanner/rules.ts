import type { RuleId, Severity } from './types';

/** FG5xx names and default severities, as in the rule catalog. */
export const scanRules: Record<RuleId, { name: string; severity: Severity }> = {
  FG501: { name: 'unauthenticated-endpoint', severity: 'error' },
  FG502: { name: 'any-credential-accepted', severity: 'error' },
  FG503: { name: 'malformed-authorization-accepted', severity: 'error' },
  FG504: { name: 'debugger-exposed', severity: 'error' },
  FG505: { name: 'readable-session-data', severity: 'error' },
  FG506: { name: 'weak-session-secret', severity: 'error' },
  FG507: { name: 'jwt-none-accepted', severity: 'error' },
  FG508: { name: 'jwt-weak-secret', severity: 'error' },
  FG509: { name: 'insecure-cookie-flags', severity: 'warning' },
  FG510: { name: 'permissive-cors', severity: 'warning' },
  FG511: { name: 'error-disclosure', severity: 'warning' },
  FG512: { name: 'documented-auth-not-enforced', severity: 'error' },
  FG513: { name: 'no-login-rate-limit', severity: 'info' },
  FG514: { name: 'auth-bypass-via-method', severity: 'error' },
};
