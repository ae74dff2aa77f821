import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { runScanCommand } from '../../server/src/cli/scan-command';
import { defaultLimits, scan } from '../../server/src/scanner';
import { captureIO } from './helpers';

interface Recorded {
  method: string;
  url: string;
  start: number;
}

/** A loopback server that records every request, answers slowly enough to show concurrency, and tracks it. */
class RecordingServer {
  readonly requests: Recorded[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  private readonly server: http.Server;

  constructor(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, delayMs = 20) {
    this.server = http.createServer((req, res) => {
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', start: Date.now() });
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => { this.inFlight--; });
      setTimeout(() => handler(req, res), delayMs);
    });
  }

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.requests.length = 0;
    this.maxInFlight = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

describe('a default scan is safe and bounded', { timeout: 60000 }, () => {
  const elsewhere = new RecordingServer((_req, res) => res.end('other origin'));
  let elsewhereUrl = '';
  const app = new RecordingServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<a href="/about">about</a> <a href="/admin/delete_user/3">delete</a> <a href="/logout">out</a>
        <a href="${elsewhereUrl}/phish">elsewhere</a> <a href="/go">go</a> <a href="/reset-password/confirm">reset</a>`);
    } else if (url.pathname === '/go') {
      res.writeHead(302, { Location: `${elsewhereUrl}/landing` }).end();
    } else if (url.pathname === '/openapi.json') {
      const paths: Record<string, unknown> = {
        '/api/items': { get: { responses: {} }, post: { responses: {} } },
        '/api/items/{id}': { get: { responses: {} }, put: { responses: {} }, delete: { responses: {} } },
        '/api/drop_tables': { get: { responses: {} } },
        '/api/shutdown': { get: { responses: {} } },
      };
      for (let i = 0; i < 20; i++) {
        paths[`/api/things/${i}`] = { get: { responses: {} } };
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths }));
    } else if (url.pathname.startsWith('/api/')) {
      res.writeHead(401).end('{"error": "unauthorized"}');
    } else {
      res.writeHead(404).end('not found');
    }
  });
  let appUrl = '';

  before(async () => {
    elsewhereUrl = await elsewhere.start();
    appUrl = await app.start();
  });

  after(async () => {
    await app.stop();
    await elsewhere.stop();
  });

  test('only GET/HEAD/OPTIONS, no destructive path, never another origin, within the default budget and concurrency', async () => {
    app.reset();
    const io = captureIO();
    const code = await runScanCommand([appUrl, '--format', 'json'], io);
    assert.equal(code, 0, io.err);
    const methods = new Set(app.requests.map((r) => r.method));
    assert.deepEqual([...methods].filter((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m)), []);
    const destructive = app.requests.filter((r) => /delete|remove|drop|reset|shutdown|logout/i.test(r.url));
    assert.deepEqual(destructive, []);
    assert.equal(elsewhere.requests.length, 0, 'a request reached the other origin');
    assert.ok(app.requests.some((r) => r.url === '/go'), 'the page with an off-origin redirect was requested');
    assert.ok(app.requests.some((r) => r.url === '/about'), 'same-origin links are followed');
    assert.ok(app.requests.some((r) => r.url === '/api/things/19'), 'OpenAPI paths are probed');
    assert.ok(app.requests.length <= 500);
    assert.ok(app.maxInFlight <= 4, `${app.maxInFlight} requests in flight`);
    const report = JSON.parse(io.out) as { requests: number };
    assert.equal(report.requests, app.requests.length, 'the report counts every request sent');
    assert.match(io.err, /skipped \d+ endpoints? .*destructive-looking/);
    assert.match(io.err, /redirects to another origin .*not followed/);
  });

  test('respects --max-requests, --concurrency and --rate', async () => {
    app.reset();
    const rate = 10;
    const started = Date.now();
    const io = captureIO();
    await runScanCommand([appUrl, '--format', 'json', '--max-requests', '30', '--rate', String(rate), '--concurrency', '2'], io);
    const elapsed = Date.now() - started;
    assert.equal(app.requests.length, 30);
    assert.match(io.err, /request budget \(30\) is spent/);
    assert.ok(app.maxInFlight <= 2, `${app.maxInFlight} requests in flight`);
    // A token bucket: a burst of `rate`, then `rate` per second.
    assert.ok(elapsed >= ((30 - rate) / rate) * 1000 * 0.9, `30 requests took only ${elapsed} ms`);
    const starts = app.requests.map((r) => r.start);
    for (const t of starts) {
      const inWindow = starts.filter((s) => s >= t && s < t + 1000).length;
      assert.ok(inWindow <= 2 * rate, `${inWindow} requests started within one second`);
    }
  });

  test('a cancelled scan stops at once with a partial result, and reports progress until then', async () => {
    app.reset();
    const controller = new AbortController();
    const progress: number[] = [];
    const result = await scan({
      target: appUrl, limits: defaultLimits, headers: {}, routes: [], wordlist: [], cwd: process.cwd(),
      unsafeMethods: false, includeDestructive: false, probeLoginThrottle: false, signal: controller.signal,
      onRequest: (sent) => {
        progress.push(sent);
        if (sent === 10) {
          controller.abort();
        }
      },
    });
    assert.ok(result.requests >= 10 && result.requests <= 14, `${result.requests} requests`);
    assert.ok(app.requests.length <= 14);
    assert.deepEqual(progress.slice(0, 3), [1, 2, 3]);
    assert.match(result.messages.join('\n'), /cancelled after \d+ requests: the report is partial/);
  });

  test('--unsafe-methods --yes sends the documented writes, still no DELETE or destructive path', async () => {
    app.reset();
    const io = captureIO();
    await runScanCommand([appUrl, '--format', 'json', '--unsafe-methods', '--yes'], io);
    const sent = new Set(app.requests.map((r) => `${r.method} ${r.url}`));
    assert.ok(sent.has('POST /api/items') && sent.has('PUT /api/items/1'), [...sent].join(', '));
    assert.deepEqual(app.requests.filter((r) => r.method === 'DELETE' || /drop|shutdown|delete|logout|reset/i.test(r.url)), []);
  });

  test('refuses unsafe methods and foreign hosts without --yes', async () => {
    const unsafe = captureIO();
    assert.equal(await runScanCommand([appUrl, '--unsafe-methods'], unsafe), 2);
    assert.match(unsafe.err, /confirm with --yes/);
    const foreign = captureIO();
    assert.equal(await runScanCommand(['http://192.0.2.10:5000'], foreign), 2);
    assert.match(foreign.err, /not this machine/);
  });
});
