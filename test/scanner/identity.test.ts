import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runScanCommand } from '../../server/src/cli/scan-command';
import { captureIO } from './helpers';

function hs256(secret: string, claims: object): string {
  const part = (obj: object): string => Buffer.from(JSON.stringify(obj)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

interface Seen {
  method: string;
  url: string;
  cookie?: string;
  authorization?: string;
  body: string;
}

describe('identities: --header, --login, and the FG513 opt-in', { timeout: 60000 }, () => {
  const seen: Seen[] = [];
  const sessionValue = 'sess-5b1e0c9d7a3f';
  let loginFailures = 0;
  let throttleAfter = Infinity;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', cookie: req.headers.cookie, authorization: req.headers.authorization, body });
      if (req.url === '/login' && req.method === 'POST') {
        if (new URLSearchParams(body).get('password') === 'right-password') {
          res.writeHead(200, { 'Set-Cookie': `sid=${sessionValue}; HttpOnly; Secure; SameSite=Lax; Path=/` }).end('{"ok": true}');
        } else if (++loginFailures > throttleAfter) {
          res.writeHead(429).end('{"error": "slow down"}');
        } else {
          res.writeHead(401).end('{"error": "bad credentials"}');
        }
      } else if (req.url === '/api/private') {
        const ok = req.headers.cookie === `sid=${sessionValue}`;
        res.writeHead(ok ? 200 : 401).end(ok ? '{"mine": true}' : '{"error": "login"}');
      } else {
        res.writeHead(req.url === '/' ? 200 : 404).end('hello');
      }
    });
  });
  let url = '';

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.close();
  });

  test('a JWT given with --header is cracked offline (FG508) and never printed', async () => {
    const token = hs256('changeme', { sub: 'ci', role: 'admin' });
    const io = captureIO();
    const code = await runScanCommand([url, '--format', 'json', '--header', `Authorization: Bearer ${token}`], io);
    assert.equal(code, 1, io.err);
    const report = JSON.parse(io.out) as { findings: { rule: string; method: string; path: string; evidence: { secret: string } }[] };
    assert.deepEqual(report.findings.map((f) => [f.rule, f.method, f.path]), [['FG508', 'GET', '/']]);
    assert.doesNotMatch(io.out, /changeme/);
    assert.ok(!io.out.includes(token.split('.')[2]), 'the token appears in the report');
  });

  test('--login performs one login; its cookie is the identity; the log and report are redacted', async () => {
    seen.length = 0;
    const dir = mkdtempSync(path.join(tmpdir(), 'fg-log-'));
    try {
      const io = captureIO(dir);
      const code = await runScanCommand([url, '--format', 'json', '--log', 'requests.log', '--login', 'POST /login',
        '--login-form', 'username=ci&password=right-password'], io);
      assert.equal(code, 0, io.err);
      assert.equal(seen.filter((r) => r.method === 'POST').length, 1, 'exactly one login, the only unsafe request');
      const log = readFileSync(path.join(dir, 'requests.log'), 'utf8');
      assert.equal(log.trim().split('\n').length, seen.length, 'the log lists every request sent');
      assert.match(log, /^POST http:\/\/127\.0\.0\.1:\d+\/login -> 200/m);
      assert.doesNotMatch(log + io.out + io.err, new RegExp(`${sessionValue}|right-password`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a failed --login is one message; the scan goes on without an identity', async () => {
    const io = captureIO();
    const code = await runScanCommand([url, '--format', 'json', '--login', 'POST /login', '--login-form', 'username=ci&password=nope'], io);
    assert.equal(code, 0);
    assert.match(io.err, /login POST \/login answered 401: check the credentials .*; scanning without that identity/);
  });

  test('FG513 only when asked: 10 failed logins never throttled', async () => {
    const args = [url, '--format', 'json', '--login', 'POST /login', '--login-form', 'username=ci&password=right-password'];
    loginFailures = 0;
    const quiet = captureIO();
    await runScanCommand(args, quiet);
    assert.equal(loginFailures, 0, 'a default scan sends no failed login');

    const io = captureIO();
    const code = await runScanCommand([...args, '--probe-login-throttle'], io);
    assert.equal(code, 0, io.err);
    assert.equal(loginFailures, 10);
    const report = JSON.parse(io.out) as { findings: { rule: string; severity: string; method: string; path: string }[] };
    assert.deepEqual(report.findings.map((f) => [f.rule, f.severity, f.method, f.path]), [['FG513', 'info', 'POST', '/login']]);

    loginFailures = 0;
    throttleAfter = 3;
    const throttled = captureIO();
    await runScanCommand([...args, '--probe-login-throttle'], throttled);
    assert.equal(loginFailures, 4, 'the probe stops at the first throttled answer');
    assert.deepEqual((JSON.parse(throttled.out) as { findings: unknown[] }).findings, []);
  });
});
