import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { checkEndpoint, checkGivenJwt, checkLoginThrottle, inspectExchange, probeOrigin } from './checks';
import { isAccepted, type ScanContext } from './checks/context';
import { EndpointProbe } from './checks/probe';
import { headerValue } from './response-headers';
import { apiEndpoints, EndpointSet, htmlLinks, pathEndpoints, routeEndpoints, wellKnownApiDocs, wellKnownPaths } from './discovery';
import { matchRoute } from './flask-rule';
import { HttpClient, type FailureKind } from './http-client';
import { headerIdentity, login } from './identity';
import { RequestLimiter } from './limits';
import { parseOpenApi, type ApiOperation } from './openapi';
import { Redactor } from './redact';
import { isSafeMethod, looksDestructive } from './safety';
import type { Endpoint, Exchange, Finding, ProbeRequest, ScanOptions, ScanResult } from './types';
import { bundledSecrets, toCandidates } from './wordlist';

/** Failures that mean the target is not (or no longer) an HTTP server we can talk to. */
const connectionFailures = new Set<FailureKind>(['refused', 'unreachable', 'closed', 'tls', 'not-http', 'timeout']);
/** After this many connection failures in a row the target is taken as gone. */
const maxConsecutiveFailures = 5;
const maxLinkEndpoints = 50;
const linkRounds = 2;

/**
 * Scans a running app and returns what it found. Never throws: every
 * failure (unreachable target, bad OpenAPI file, spent budget...) becomes
 * one line in `messages` next to whatever was found before it.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  let base: URL;
  try {
    base = new URL(options.target);
  } catch {
    return emptyResult(options.target, `"${options.target}" is not a URL (for example http://127.0.0.1:5000)`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    return emptyResult(options.target, `${options.target}: only http:// and https:// targets can be scanned`);
  }
  return new Scan(base, options).run();
}

function emptyResult(target: string, message: string): ScanResult {
  return { target, requests: 0, findings: [], messages: [message], unreachable: true, log: [] };
}

class Scan {
  private readonly redactor = new Redactor();
  private readonly limiter: RequestLimiter;
  private readonly client: HttpClient;
  private readonly ctx: ScanContext;
  private readonly findings = new Map<string, Finding>();
  private readonly seen = new Set<string>();
  private readonly messages: string[] = [];
  private readonly failureCounts = new Map<FailureKind, number>();
  private consecutiveFailures = 0;
  private halted = false;

  constructor(private readonly base: URL, private readonly options: ScanOptions) {
    this.limiter = new RequestLimiter(options.limits);
    this.client = new HttpClient(base, options.limits, this.limiter, this.redactor, options.signal, options.onRequest);
    this.ctx = {
      base,
      identity: headerIdentity(options.headers, this.redactor),
      redactor: this.redactor,
      candidates: toCandidates([...bundledSecrets, ...options.wordlist]),
      send: (request) => this.send(request),
      report: (finding) => this.report(finding),
      firstTime: (key) => this.firstTime(key),
    };
  }

  async run(): Promise<ScanResult> {
    let unreachable = false;
    try {
      unreachable = !(await this.probeAll());
    } catch (err) {
      this.messages.push(`the scan stopped on an internal error: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await this.limiter.stop();
      this.client.close();
    }
    this.summarise();
    return {
      target: this.options.target,
      requests: this.client.log.length,
      findings: this.sortedFindings(),
      messages: this.messages,
      unreachable,
      log: this.client.log,
    };
  }

  /** False when the target never answered. */
  private async probeAll(): Promise<boolean> {
    const targetEndpoint: Endpoint = { method: 'GET', path: this.base.pathname + this.base.search };
    const root = await this.baseline(targetEndpoint);
    if (!root && this.client.log.every((entry) => entry.status === undefined)) {
      return false;
    }
    if (this.options.login) {
      const outcome = await login(this.client, this.options.login, this.ctx.identity, this.redactor);
      if (outcome.exchange) {
        inspectExchange(this.ctx, outcome.exchange);
      }
      if ('error' in outcome) {
        this.messages.push(`${outcome.error}; scanning without that identity`);
      } else {
        this.ctx.identity = outcome.identity;
      }
    }
    if (root) {
      checkGivenJwt(this.ctx, root);
    }
    const endpoints = new EndpointSet();
    endpoints.add(targetEndpoint);
    for (const endpoint of [
      ...routeEndpoints(this.options.routes),
      ...apiEndpoints(await this.documentedOperations()),
      ...pathEndpoints(wellKnownPaths),
    ]) {
      endpoints.add(endpoint);
    }
    const probes = root ? [new EndpointProbe(this.ctx, targetEndpoint, root)] : [];
    let batch = this.allowed(endpoints.list().filter((endpoint) => endpoint !== targetEndpoint));
    let linksLeft = maxLinkEndpoints;
    for (let round = 0; round <= linkRounds && batch.length > 0; round++) {
      const answered = await Promise.all(batch.map(async (endpoint) => {
        const anonymous = await this.baseline(endpoint);
        return anonymous && new EndpointProbe(this.ctx, endpoint, anonymous);
      }));
      const fresh = answered.filter((probe): probe is EndpointProbe => probe !== undefined);
      probes.push(...fresh);
      const linked = this.links(round === 0 && root ? [...fresh, probes[0]] : fresh)
        .filter((link) => !endpoints.has(link.method, link.path))
        .slice(0, linksLeft);
      linked.forEach((link) => endpoints.add(link));
      linksLeft -= linked.length;
      batch = this.allowed(linked);
    }
    await Promise.all(probes.map((probe) => checkEndpoint(probe)));
    if (this.options.probeLoginThrottle && this.options.login) {
      const skipped = await checkLoginThrottle(this.ctx, this.options.login);
      if (skipped) {
        this.messages.push(skipped);
      }
    }
    return true;
  }

  /** The anonymous first request to an endpoint, carrying a foreign Origin for FG510. */
  private baseline(endpoint: Endpoint): Promise<Exchange | undefined> {
    return this.send({ method: endpoint.method, path: endpoint.path, headers: { Origin: probeOrigin } });
  }

  /** Safety first: only safe methods and harmless-looking paths unless the user opted in. */
  private allowed(endpoints: Endpoint[]): Endpoint[] {
    const unsafe = endpoints.filter((e) => !isSafeMethod(e.method) && !this.options.unsafeMethods);
    const destructive = endpoints.filter((e) => !this.options.includeDestructive
      && (e.method === 'DELETE' || looksDestructive(e.path) || looksDestructive(e.name ?? '')));
    if (destructive.length > 0) {
      this.messages.push(`skipped ${describe(destructive)}: destructive-looking (pass --include-destructive to probe)`);
    }
    if (unsafe.length > 0) {
      this.messages.push(`skipped ${describe(unsafe)}: not GET/HEAD/OPTIONS (pass --unsafe-methods to probe)`);
    }
    return endpoints.filter((e) => !unsafe.includes(e) && !destructive.includes(e));
  }

  private links(probes: EndpointProbe[]): Endpoint[] {
    return probes
      .filter((probe) => isAccepted(probe.anonymous) && /html/i.test(headerValue(probe.anonymous.response, 'content-type') ?? ''))
      .flatMap((probe) => htmlLinks(probe.anonymous.response.body, new URL(probe.anonymous.response.finalPath, this.base)))
      .map((link) => ({ method: 'GET', path: link }));
  }

  private async documentedOperations(): Promise<ApiOperation[]> {
    const given = this.options.openapi;
    const text = given === undefined ? undefined : await this.readDocument(given);
    if (given !== undefined && text !== undefined) {
      const parsed = await parseOpenApi(text, given);
      if ('operations' in parsed) {
        return parsed.operations;
      }
      this.messages.push(`${parsed.error}; scanning without it`);
    }
    for (const docPath of wellKnownApiDocs) {
      const answer = await this.send({ method: 'GET', path: docPath });
      if (answer && isAccepted(answer)) {
        const parsed = await parseOpenApi(answer.response.body, docPath);
        if ('operations' in parsed) {
          return parsed.operations;
        }
      }
    }
    return [];
  }

  /** `--openapi` from a file, or from a URL on the target's origin (through the limiter like any request). */
  private async readDocument(location: string): Promise<string | undefined> {
    if (/^https?:\/\//i.test(location)) {
      const url = new URL(location);
      if (url.origin !== this.base.origin) {
        this.messages.push(`--openapi ${location} is not on ${this.base.origin}: the scanner never leaves the target's origin`);
        return undefined;
      }
      const answer = await this.send({ method: 'GET', path: url.pathname + url.search });
      if (!answer || !isAccepted(answer)) {
        this.messages.push(`--openapi ${location} could not be fetched${answer ? ` (${answer.response.status})` : ''}; scanning without it`);
        return undefined;
      }
      return answer.response.body;
    }
    try {
      return await readFile(path.resolve(this.options.cwd, location), 'utf8');
    } catch (err) {
      this.messages.push(`--openapi ${location} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); scanning without it`);
      return undefined;
    }
  }

  private async send(request: ProbeRequest): Promise<Exchange | undefined> {
    if (this.halted) {
      return undefined;
    }
    const result = await this.client.send(request);
    if ('failure' in result) {
      this.recordFailure(result.failure.kind, result.failure.message);
      return undefined;
    }
    this.consecutiveFailures = 0;
    const { exchange } = result;
    if (exchange.response.truncated && this.ctx.firstTime('note truncated')) {
      this.messages.push(`${request.method} ${request.path} answered more than ${formatBytes(this.options.limits.maxBodyBytes)}: only the first ${formatBytes(this.options.limits.maxBodyBytes)} were read`);
    }
    if (exchange.response.offOriginRedirect && this.ctx.firstTime('note off-origin')) {
      this.messages.push(`${request.method} ${request.path} redirects to another origin (${exchange.response.offOriginRedirect}): not followed`);
    }
    inspectExchange(this.ctx, exchange);
    return exchange;
  }

  private recordFailure(kind: FailureKind, message: string): void {
    const count = (this.failureCounts.get(kind) ?? 0) + 1;
    this.failureCounts.set(kind, count);
    if (count === 1 && kind !== 'cancelled') {
      this.messages.push(message);
    }
    if (kind === 'budget' || kind === 'cancelled') {
      this.halted = true;
      return;
    }
    if (connectionFailures.has(kind) && ++this.consecutiveFailures >= maxConsecutiveFailures && !this.halted) {
      this.halted = true;
      this.messages.push(`the target stopped answering (${maxConsecutiveFailures} failures in a row): the scan stopped early`);
    }
  }

  private summarise(): void {
    if (this.options.signal?.aborted) {
      this.messages.push(`the scan was cancelled after ${this.client.log.length} requests: the report is partial`);
    }
    for (const [kind, count] of this.failureCounts) {
      if (count > 1 && kind !== 'budget' && kind !== 'cancelled') {
        this.messages.push(`${count - 1} more requests failed the same way (${kind})`);
      }
    }
  }

  private firstTime(key: string): boolean {
    if (this.seen.has(key)) {
      return false;
    }
    this.seen.add(key);
    return true;
  }

  private report(finding: Finding): void {
    const key = `${finding.rule} ${finding.method} ${finding.path}`;
    if (!this.findings.has(key)) {
      const route = matchRoute(this.options.routes, finding.method, finding.path);
      this.findings.set(key, route ? { ...finding, source: { file: route.file, line: route.line } } : finding);
    }
  }

  private sortedFindings(): Finding[] {
    return [...this.findings.values()].sort((a, b) =>
      a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}

function describe(endpoints: Endpoint[]): string {
  const shown = endpoints.slice(0, 3).map((e) => `${e.method} ${e.path}`).join(', ');
  return `${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'} (${shown}${endpoints.length > 3 ? ', …' : ''})`;
}
