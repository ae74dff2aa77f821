import { responseCookies } from './response-headers';
import type { HttpClient } from './http-client';
import type { Redactor } from './redact';
import type { Exchange, LoginSpec, ProbeRequest } from './types';

/** What the scanner sends to be the user's known account. */
export interface Identity {
  headers: Record<string, string>;
  cookies: Record<string, string>;
  /** The credential inside `Authorization` (after the scheme), for FG503/FG507 variants. */
  token?: string;
}

/** JSON fields a login answer usually puts its token in. */
const tokenFields = ['access_token', 'accessToken', 'token', 'id_token', 'jwt', 'auth_token', 'authToken'];

export function hasIdentity(identity: Identity): boolean {
  return Object.keys(identity.headers).length > 0 || Object.keys(identity.cookies).length > 0;
}

export function identityHeaders(identity: Identity): Record<string, string> {
  const cookie = Object.entries(identity.cookies).map(([name, value]) => `${name}=${value}`).join('; ');
  return cookie ? { ...identity.headers, Cookie: cookie } : { ...identity.headers };
}

/** `--header "Name: value"`. */
export function parseHeader(text: string): [string, string] | { error: string } {
  const colon = text.indexOf(':');
  const name = text.slice(0, colon).trim();
  if (colon < 1 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    return { error: `--header "${text}" is not "Name: value"` };
  }
  const value = text.slice(colon + 1).trim();
  if (/[\r\n]/.test(value)) {
    return { error: `--header ${name} has a line break in its value` };
  }
  return [name, value];
}

/** `--login "METHOD /path"`. */
export function parseLogin(text: string, form?: string, json?: string): LoginSpec | { error: string } {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(text);
  if (!match) {
    return { error: `--login "${text}" is not "METHOD /path" (for example --login "POST /login")` };
  }
  if (form !== undefined && json !== undefined) {
    return { error: 'give --login-form or --login-json, not both' };
  }
  if (json !== undefined) {
    try {
      JSON.parse(json);
    } catch {
      return { error: `--login-json is not valid JSON: ${json}` };
    }
  }
  return { method: match[1].toUpperCase(), path: match[2], form, json };
}

export function loginRequest(spec: LoginSpec): ProbeRequest {
  if (spec.json !== undefined) {
    return { method: spec.method, path: spec.path, headers: { 'Content-Type': 'application/json' }, body: spec.json };
  }
  if (spec.form !== undefined) {
    return { method: spec.method, path: spec.path, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: spec.form };
  }
  return { method: spec.method, path: spec.path };
}

/** The identity from `--header` options; their values are secrets from now on. */
export function headerIdentity(headers: Record<string, string>, redactor: Redactor): Identity {
  const identity: Identity = { headers: { ...headers }, cookies: {} };
  for (const [name, value] of Object.entries(headers)) {
    redactor.addSecret(value);
    if (name.toLowerCase() === 'authorization') {
      const token = value.split(' ').slice(1).join(' ') || value;
      identity.token = token;
      redactor.addSecret(token);
    }
  }
  return identity;
}

export type LoginOutcome = { identity: Identity; exchange: Exchange } | { error: string; exchange?: Exchange };

/**
 * Logs in once: the cookies the answer sets and a token in its JSON body
 * become the scan's identity, on top of any `--header`.
 */
export async function login(client: HttpClient, spec: LoginSpec, base: Identity, redactor: Redactor): Promise<LoginOutcome> {
  const sent = await client.send(loginRequest(spec));
  if ('failure' in sent) {
    return { error: `login ${spec.method} ${spec.path} failed: ${sent.failure.message}` };
  }
  const { exchange } = sent;
  const status = exchange.response.status;
  if (status < 200 || status >= 300) {
    return { error: `login ${spec.method} ${spec.path} answered ${status}: check the credentials given with --login-form/--login-json`, exchange };
  }
  const identity: Identity = { headers: { ...base.headers }, cookies: { ...base.cookies }, token: base.token };
  for (const cookie of responseCookies(exchange.response)) {
    identity.cookies[cookie.name] = cookie.value;
    redactor.addSecret(cookie.value);
  }
  const token = tokenIn(exchange.response.body);
  if (token) {
    identity.headers.Authorization = `Bearer ${token}`;
    identity.token = token;
    redactor.addSecret(token);
  }
  if (!hasIdentity(identity)) {
    return { error: `login ${spec.method} ${spec.path} answered ${status} but set no cookie and returned no token`, exchange };
  }
  return { identity, exchange };
}

function tokenIn(body: string): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (json !== null && typeof json === 'object') {
      const fields = json as Record<string, unknown>;
      const name = tokenFields.find((field) => typeof fields[field] === 'string' && fields[field] !== '');
      return name ? (fields[name] as string) : undefined;
    }
  } catch {
    // not JSON: the identity is in the cookies, if anywhere
  }
  return undefined;
}
