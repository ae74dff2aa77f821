import { headerValue } from '../response-headers';
import { loginRequest } from '../identity';
import type { LoginSpec, ProbeRequest } from '../types';
import { findingFrom, randomCredential, type ScanContext } from './context';

/** Enough failures to trip any sensible throttle, few enough to lock out no one for long. */
export const loginAttempts = 10;

const passwordField = /pass(word|wd)?|pwd/i;

/** The user's login with the password replaced by a random one, or `undefined` when no password field is visible. */
function failingLogin(spec: LoginSpec): ProbeRequest | undefined {
  const request = loginRequest(spec);
  const wrong = randomCredential(16);
  if (spec.json !== undefined) {
    const body = JSON.parse(spec.json) as Record<string, unknown>;
    const field = Object.keys(body).find((key) => passwordField.test(key));
    return field ? { ...request, body: JSON.stringify({ ...body, [field]: wrong }) } : undefined;
  }
  const [path, query = ''] = spec.path.split('?');
  const params = new URLSearchParams(spec.form ?? query);
  const field = [...params.keys()].find((key) => passwordField.test(key));
  if (!field) {
    return undefined;
  }
  params.set(field, wrong);
  return spec.form !== undefined ? { ...request, body: params.toString() } : { ...request, path: `${path}?${params.toString()}` };
}

/**
 * FG513 (opt-in): a bounded series of failed logins; an app that never
 * answers 429/423/503 or `Retry-After` lets anyone guess passwords at speed.
 * Returns a message when the check could not run.
 */
export async function checkLoginThrottle(ctx: ScanContext, spec: LoginSpec): Promise<string | undefined> {
  const request = failingLogin(spec);
  if (!request) {
    return 'FG513 skipped: the login given with --login has no password field to get wrong';
  }
  let last;
  for (let attempt = 0; attempt < loginAttempts; attempt++) {
    last = await ctx.send(request);
    if (!last) {
      return 'FG513 skipped: a failed login attempt got no answer';
    }
    if ([429, 423, 503].includes(last.response.status) || headerValue(last.response, 'retry-after')) {
      return undefined;
    }
  }
  if (last) {
    ctx.report(findingFrom(ctx, 'FG513', last,
      `${loginAttempts} failed logins in a row to ${spec.method} ${spec.path.split('?')[0]} were never throttled (last answer ${last.response.status})`,
      { attempts: loginAttempts }));
  }
  return undefined;
}
