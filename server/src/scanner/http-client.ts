import * as http from 'node:http';
import * as https from 'node:https';
import type { RequestLimiter } from './limits';
import type { Redactor } from './redact';
import type { Exchange, Limits, ProbeRequest, ProbeResponse, RequestLogEntry } from './types';

export type FailureKind = 'refused' | 'unreachable' | 'closed' | 'tls' | 'not-http' | 'timeout' | 'redirect-loop' | 'budget' | 'cancelled' | 'other';

/** A request that produced no usable answer, with a sentence the user can act on. */
export interface NetFailure {
  kind: FailureKind;
  message: string;
  /** A kept-alive socket the server had already closed: worth one more try on a fresh one. */
  staleSocket?: boolean;
}

export type SendResult = { exchange: Exchange } | { failure: NetFailure };

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

interface Hop {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  truncated: boolean;
}

/**
 * The only way the scanner talks to the target: every hop passes the
 * limiter, has a deadline and a body cap, is logged (redacted), and a
 * redirect is followed only while it stays on the target's origin.
 */
export class HttpClient {
  readonly log: RequestLogEntry[] = [];
  private readonly agent: http.Agent;
  private started = 0;

  constructor(
    readonly base: URL,
    private readonly limits: Limits,
    private readonly limiter: RequestLimiter,
    private readonly redactor: Redactor,
    private readonly signal?: AbortSignal,
    private readonly onRequest?: (sent: number) => void,
  ) {
    const options = { keepAlive: true, maxSockets: limits.concurrency };
    this.agent = base.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
  }

  async send(request: ProbeRequest): Promise<SendResult> {
    let url = new URL(request.path, this.base);
    let method = request.method;
    let body = request.body;
    const visited = new Set<string>();
    for (let hops = 0; hops <= maxRedirects; hops++) {
      visited.add(url.href);
      if (this.signal?.aborted) {
        return { failure: { kind: 'cancelled', message: 'the scan was cancelled' } };
      }
      const target = url;
      const attempt = (): Promise<Hop | NetFailure | undefined> => this.limiter.run(() => this.hop(target, method, request.headers ?? {}, body));
      let hop = await attempt();
      if (hop && 'kind' in hop && hop.staleSocket) {
        hop = await attempt();
      }
      if (hop === undefined) {
        return { failure: { kind: 'budget', message: `the request budget (${this.limits.maxRequests}) is spent: the rest of the app was not probed (raise --max-requests)` } };
      }
      if ('kind' in hop) {
        return { failure: hop };
      }
      const location = hop.headers.location;
      if (!redirectStatuses.has(hop.status) || !location) {
        return { exchange: { request, response: toResponse(hop, url) } };
      }
      const next = URL.canParse(location, url.href) ? new URL(location, url) : undefined;
      if (!next) {
        return { exchange: { request, response: toResponse(hop, url) } };
      }
      if (next.origin !== this.base.origin) {
        return { exchange: { request, response: { ...toResponse(hop, url), offOriginRedirect: this.redactor.url(next) } } };
      }
      if (visited.has(next.href)) {
        return { failure: { kind: 'redirect-loop', message: `${request.method} ${request.path} redirects in a loop (${url.pathname} → ${next.pathname})` } };
      }
      if (hop.status === 303 || ((hop.status === 301 || hop.status === 302) && method !== 'HEAD')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
      }
      url = next;
    }
    return { failure: { kind: 'redirect-loop', message: `${request.method} ${request.path} redirects more than ${maxRedirects} times` } };
  }

  close(): void {
    this.agent.destroy();
  }

  private hop(url: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<Hop | NetFailure> {
    if (this.signal?.aborted) {
      // Queued before the cancel: never sent, so not logged either.
      return Promise.resolve({ kind: 'cancelled', message: 'the scan was cancelled' });
    }
    const lib = url.protocol === 'https:' ? https : http;
    const started = Date.now();
    this.onRequest?.(++this.started);
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: Hop | NetFailure): void => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', onAbort);
        this.log.push({
          method,
          url: this.redactor.url(url),
          ms: Date.now() - started,
          ...('kind' in result ? { error: result.message } : { status: result.status }),
        });
        resolve(result);
        // A complete answer leaves the socket to the keep-alive pool; anything else kills it.
        if ('kind' in result || result.truncated) {
          req.destroy();
        }
      };
      const onAbort = (): void => finish({ kind: 'cancelled', message: 'the scan was cancelled' });
      const timer = setTimeout(
        () => finish({ kind: 'timeout', message: `${url.host} did not answer ${method} ${url.pathname} within ${this.limits.timeoutMs / 1000} s` }),
        this.limits.timeoutMs,
      );
      let req: http.ClientRequest;
      try {
        req = lib.request(url, { method, headers, agent: this.agent });
      } catch (err) {
        // Node refuses some header values (control or non-Latin-1 characters) before sending anything.
        clearTimeout(timer);
        resolve({ kind: 'other', message: `${method} ${url.pathname} cannot be sent: ${(err as Error).message}` });
        return;
      }
      this.signal?.addEventListener('abort', onAbort);
      req.on('error', (err) => finish({ ...classify(err, url), staleSocket: req.reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET' }));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (truncated: boolean): void =>
          finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), truncated });
        res.on('data', (chunk: Buffer) => {
          if (settled) {
            return;
          }
          const room = this.limits.maxBodyBytes - size;
          chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
          size += chunk.length;
          if (size > this.limits.maxBodyBytes) {
            done(true);
          }
        });
        res.on('end', () => done(false));
        res.on('error', (err) => finish(classify(err, url)));
      });
      req.end(body);
    });
  }
}

function toResponse(hop: Hop, url: URL): ProbeResponse {
  return { status: hop.status, headers: hop.headers, body: hop.body, truncated: hop.truncated, finalPath: url.pathname + url.search };
}

function classify(err: NodeJS.ErrnoException, url: URL): NetFailure {
  const code = err.code ?? '';
  const host = url.host;
  if (code === 'ECONNREFUSED') {
    return { kind: 'refused', message: `connection to ${host} refused: nothing is listening there (is the app running, on this port?)` };
  }
  if (['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code)) {
    return { kind: 'unreachable', message: `${host} is unreachable (${code})` };
  }
  if (code.startsWith('HPE_')) {
    return { kind: 'not-http', message: `${host} answered with something that is not HTTP (${code})` };
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO' || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /ssl|tls/i.test(err.message)) {
    return { kind: 'tls', message: `TLS with ${host} failed (${code || err.message}): does it serve https, with a certificate this machine trusts?` };
  }
  if (code === 'ECONNRESET' || err.message === 'socket hang up') {
    return { kind: 'closed', message: `${host} closed the connection without answering ${url.pathname}` };
  }
  return { kind: 'other', message: `request to ${host}${url.pathname} failed: ${err.message}` };
}
