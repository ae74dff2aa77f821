// Scanner benchmarks: a default-limits scan of a generated 200-route Flask
// app (Debian's /usr/bin/python3, loopback only), and the offline crackers'
// candidates per second on one core. Runs the compiled code in out/ (run
// `npx tsc -b` first). Used by scripts/bench.mjs; runnable alone:
//   node scripts/bench/scan.mjs
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const compiled = (module) => require(path.join(root, 'out/server/src/scanner', module));

const routeCount = 200;
const wordlistSize = 56_000;
const crackRuns = 5;

/** A Flask app with exactly `routeCount` routes: public catalog, token-protected API, open admin reports, linked HTML pages. */
function benchApp() {
  const lines = [
    'import argparse',
    'from flask import Flask, jsonify, request',
    'app = Flask(__name__)',
    'PATHS = []',
    'def guard():',
    "    return request.headers.get('Authorization') == 'Bearer bench-token'",
    "@app.get('/')",
    "def index():",
    "    return '<a href=\"/pages/p0\">pages</a>'",
    "@app.get('/openapi.json')",
    'def openapi():',
    "    return jsonify(openapi='3.0.3', info={'title': 'bench', 'version': '1'}, paths={p: {'get': {'responses': {'200': {'description': 'ok'}}}} for p in PATHS})",
  ];
  const kinds = { catalog: 108, orders: 40, admin: 30, pages: 20 };
  for (let i = 0; i < kinds.catalog; i++) {
    lines.push(`PATHS.append('/catalog/s${i}/{item_id}')`, `@app.get('/catalog/s${i}/<int:item_id>')`, `def catalog_${i}(item_id):`, `    return jsonify(section=${i}, item=item_id)`);
  }
  for (let i = 0; i < kinds.orders; i++) {
    lines.push(`PATHS.append('/api/orders${i}')`, `@app.get('/api/orders${i}')`, `def orders_${i}():`,
      `    return (jsonify(orders=[${i}]), 200) if guard() else (jsonify(error='unauthorized'), 401)`);
  }
  for (let i = 0; i < kinds.admin; i++) {
    lines.push(`PATHS.append('/admin/report${i}')`, `@app.get('/admin/report${i}')`, `def admin_${i}():`, `    return jsonify(report=${i})`);
  }
  for (let i = 0; i < kinds.pages; i++) {
    lines.push(`@app.get('/pages/p${i}')`, `def page_${i}():`, `    return '<a href="/pages/p${(i + 1) % kinds.pages}">next</a>'`);
  }
  lines.push(
    "if __name__ == '__main__':",
    '    parser = argparse.ArgumentParser()',
    "    parser.add_argument('--port', type=int, default=5000)",
    "    app.run(host='127.0.0.1', port=parser.parse_args().port)",
  );
  return `${lines.join('\n')}\n`;
}

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

async function waitForHttp(port) {
  for (let i = 0; i < 150; i++) {
    const up = await new Promise((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/' }, (res) => { res.resume(); resolve(true); }).on('error', () => resolve(false));
    });
    if (up) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the bench app did not answer on port ${port}`);
}

async function benchScanTarget(log) {
  const { scan } = compiled('scan.js');
  const { defaultLimits } = compiled('types.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fg-bench-'));
  fs.writeFileSync(path.join(dir, 'app.py'), benchApp());
  const port = await freePort();
  const child = spawn('/usr/bin/python3', ['app.py', '--port', String(port)], { cwd: dir, stdio: 'ignore' });
  try {
    await waitForHttp(port);
    const run = async (limits) => {
      const started = performance.now();
      const result = await scan({
        target: `http://127.0.0.1:${port}`, limits, headers: {}, routes: [], wordlist: [], cwd: dir,
        unsafeMethods: false, includeDestructive: false, probeLoginThrottle: false,
      });
      return { seconds: (performance.now() - started) / 1000, result };
    };
    const fast = { ...defaultLimits, ratePerSecond: 10_000 };
    const atDefaults = await run(defaultLimits);
    const unthrottled = await run(fast);
    const floor = Math.max(0, (atDefaults.result.requests - defaultLimits.ratePerSecond) / defaultLimits.ratePerSecond);
    log(`scan: ${routeCount}-route Flask app at default limits (${defaultLimits.concurrency} in flight, ${defaultLimits.ratePerSecond} req/s, budget ${defaultLimits.maxRequests}): `
      + `${atDefaults.seconds.toFixed(2)} s wall, ${atDefaults.result.requests} requests, ${atDefaults.result.findings.length} findings `
      + `(the rate limit alone needs >= ${floor.toFixed(1)} s for that many requests)`);
    log(`scan: same app with the rate limit lifted (${fast.concurrency} in flight): ${unthrottled.seconds.toFixed(2)} s wall, ${unthrottled.result.requests} requests`);
    for (const message of atDefaults.result.messages) {
      log(`scan note: ${message}`);
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Random printable secrets, none of which is the real one: every run tries the whole list. */
function generatedWordlist() {
  return Array.from({ length: wordlistSize }, () => randomBytes(6 + Math.floor(Math.random() * 10)).toString('base64url'));
}

function flaskCookie(secret) {
  const payload = Buffer.from(JSON.stringify({ uid: 2, role: 'member' })).toString('base64url');
  const timestamp = Buffer.from([0x69, 0x00, 0x00, 0x00]).toString('base64url');
  const key = createHmac('sha1', secret).update('cookie-session').digest();
  const signature = createHmac('sha1', key).update(`${payload}.${timestamp}`).digest('base64url');
  return `${payload}.${timestamp}.${signature}`;
}

function hs256Token(secret) {
  const part = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'demo', role: 'member', exp: 1900000000 })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function benchCrackers(log) {
  const { decodeFlaskSession, crackFlaskSession } = compiled('flask-session.js');
  const { decodeJwt, crackJwt } = compiled('jwt.js');
  const { toCandidates } = compiled('wordlist.js');
  const candidates = toCandidates(generatedWordlist());
  const secret = 'not-in-the-generated-list';
  const cookie = decodeFlaskSession(flaskCookie(secret));
  const jwt = decodeJwt(hs256Token(secret));
  const cases = [
    ['session secret (itsdangerous HMAC-SHA1, key derivation + signature)', () => crackFlaskSession(cookie, candidates)],
    ['HS256 JWT secret', () => crackJwt(jwt, candidates)],
  ];
  for (const [label, crack] of cases) {
    const times = [];
    for (let i = 0; i < crackRuns; i++) {
      const started = performance.now();
      if (crack() !== undefined) {
        throw new Error('a generated candidate matched');
      }
      times.push((performance.now() - started) / 1000);
    }
    const seconds = median(times);
    log(`crack ${label}: ${candidates.length.toLocaleString('en')} candidates in ${seconds.toFixed(3)} s, `
      + `${Math.round(candidates.length / seconds).toLocaleString('en')} candidates/s on one core (median of ${crackRuns})`);
  }
}

/** Prints the scanner's figures through `log` (console.log by default). */
export async function benchScanner({ log = console.log } = {}) {
  benchCrackers(log);
  await benchScanTarget(log);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchScanner();
}
