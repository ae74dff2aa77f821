import { randomBytes } from 'node:crypto';
import type { Identity } from '../identity';
import type { Redactor } from '../redact';
import { scanRules } from '../rules';
import type { Exchange, Finding, ProbeRequest, RuleId, Severity } from '../types';

/** What every check may use: the way to send, the identity, and where findings go. */
export interface ScanContext {
  base: URL;
  identity: Identity;
  redactor: Redactor;
  /** Offline cracker candidates (bundled list plus the user's). */
  candidates: readonly Buffer[];
  /** Sends through the limiter; `undefined` when the request failed (the failure is already recorded). */
  send(request: ProbeRequest): Promise<Exchange | undefined>;
  report(finding: Finding): void;
  /** True the first time a key is seen in this scan: work done once per cookie or token. */
  firstTime(key: string): boolean;
}

const snippetLength = 300;

export function requestPath(exchange: Exchange): string {
  return new URL(exchange.request.path, 'http://placeholder.invalid').pathname;
}

/** Where the answer came from, after same-origin redirects; `/admin` → `/admin/` (Flask's slash redirect) counts as the same place. */
function landedOn(exchange: Exchange, path: string): boolean {
  const landed = new URL(exchange.response.finalPath, 'http://placeholder.invalid').pathname;
  return landed.replace(/\/$/, '') === path.replace(/\/$/, '');
}

/** A finding proven by `exchange`, with its status, a redacted snippet and the curl command to replay it. */
export function findingFrom(
  ctx: ScanContext,
  rule: RuleId,
  exchange: Exchange,
  message: string,
  evidence: Record<string, unknown> = {},
  severity: Severity = scanRules[rule].severity,
): Finding {
  const { request, response } = exchange;
  return {
    rule,
    severity,
    method: request.method,
    path: requestPath(exchange),
    message,
    evidence: {
      status: response.status,
      ...evidence,
      ...(response.body ? { snippet: ctx.redactor.text(response.body.slice(0, snippetLength)) } : {}),
    },
    curl: ctx.redactor.curl(ctx.base, request),
  };
}

/** 401/403, a redirect to a login page, or a redirect away to another origin (single sign-on). */
export function isRefused(exchange: Exchange): boolean {
  const { status, finalPath, offOriginRedirect } = exchange.response;
  if (status === 401 || status === 403 || (offOriginRedirect !== undefined && status >= 300 && status < 400)) {
    return true;
  }
  return !landedOn(exchange, requestPath(exchange)) && /log-?in|sign-?in|auth/i.test(finalPath.split('?')[0]);
}

/** 2xx from the requested path itself (not from a page it redirected to). */
export function isAccepted(exchange: Exchange): boolean {
  const { status } = exchange.response;
  return status >= 200 && status < 300 && landedOn(exchange, requestPath(exchange));
}

const opaqueAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** An opaque random credential: no structure an app could mistake for a real one. */
export function randomCredential(length = 32): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => opaqueAlphabet[b % opaqueAlphabet.length]).join('');
}
