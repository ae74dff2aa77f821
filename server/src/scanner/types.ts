import type { RouteMapEntry } from '../analysis/route-map';

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'FG501' | 'FG502' | 'FG503' | 'FG504' | 'FG505' | 'FG506' | 'FG507'
  | 'FG508' | 'FG509' | 'FG510' | 'FG511' | 'FG512' | 'FG513' | 'FG514';

/** A request as the scanner builds it; `path` may carry a query string. */
export interface ProbeRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface ProbeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body went past the cap and was cut. */
  truncated: boolean;
  /** Path (with query) of the response actually read, after same-origin redirects. */
  finalPath: string;
  /** A redirect that was not followed because it left the origin. */
  offOriginRedirect?: string;
}

/** One request sent and what came of it: the unit every check reads. */
export interface Exchange {
  request: ProbeRequest;
  response: ProbeResponse;
}

export interface SourceLocation {
  file: string;
  line: number;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  method: string;
  /** The path that was requested, without query string. */
  path: string;
  message: string;
  evidence: Record<string, unknown>;
  /** The request that proves the finding, secrets already redacted. */
  curl: string;
  source?: SourceLocation;
}

export interface Endpoint {
  method: string;
  /** Concrete path to request, converters already filled. */
  path: string;
  /** The view's endpoint name, when the route map knows it (for the destructive-name check). */
  name?: string;
  route?: RouteMapEntry;
  /** The OpenAPI operation demands credentials (effective `security` is non-empty). */
  documentedSecurity?: boolean;
}

export interface Limits {
  concurrency: number;
  ratePerSecond: number;
  maxRequests: number;
  timeoutMs: number;
  maxBodyBytes: number;
}

export const defaultLimits: Limits = {
  concurrency: 4,
  ratePerSecond: 20,
  maxRequests: 500,
  timeoutMs: 5000,
  maxBodyBytes: 1024 * 1024,
};

export interface LoginSpec {
  method: string;
  /** Path with optional query string. */
  path: string;
  form?: string;
  json?: string;
}

export interface ScanOptions {
  target: string;
  limits: Limits;
  /** Extra request headers that identify a known account (`--header`). */
  headers: Record<string, string>;
  login?: LoginSpec;
  /** OpenAPI document: a file path or a URL on the target's origin. */
  openapi?: string;
  routes: RouteMapEntry[];
  /** Extra candidate secrets for the offline crackers. */
  wordlist: string[];
  unsafeMethods: boolean;
  includeDestructive: boolean;
  /** FG513: a few failed logins, only when asked for. */
  probeLoginThrottle: boolean;
  /** Read files relative to this folder. */
  cwd: string;
  /** Called as each request is sent, with the count so far, for progress reporting. */
  onRequest?: (sent: number) => void;
  /** Stops the scan early; what was found so far is still reported. */
  signal?: AbortSignal;
}

export interface RequestLogEntry {
  method: string;
  /** Redacted URL. */
  url: string;
  status?: number;
  error?: string;
  ms: number;
}

export interface ScanResult {
  target: string;
  requests: number;
  findings: Finding[];
  /** One line each: why the scan stopped early or skipped something. */
  messages: string[];
  /** The target could not be reached at all. */
  unreachable: boolean;
  log: RequestLogEntry[];
}
