import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { runScanCommand } from '../../server/src/cli/scan-command';
import { captureIO, freePort } from './helpers';

const servers: net.Server[] = [];

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

function httpServer(handler: http.RequestListener): Promise<number> {
  return listen(http.createServer(handler));
}

async function scanOf(url: string, ...args: string[]) {
  const io = captureIO();
  const started = Date.now();
  const code = await runScanCommand([url, '--format', 'json', ...args], io);
  return { code, io, ms: Date.now() - started };
}

/** One line of stderr per message, and never a stack trace. */
function assertOneClearMessage(err: string, pattern: RegExp): void {
  assert.match(err, pattern);
  assert.doesNotMatch(err, /\n\s+at .+:\d+:\d+/, 'a stack trace reached the user');
}

describe('failures end as one clear message', { timeout: 60000 }, () => {
  after(async () => {
    for (const server of servers) {
      if (server instanceof http.Server) {
        server.closeAllConnections();
      }
      server.close();
    }
  });

  test('unreachable host: a closed loopback port', async () => {
    const { code, io } = await scanOf(`http://127.0.0.1:${await freePort()}`);
    assert.equal(code, 2);
    assertOneClearMessage(io.err, /refused: nothing is listening there/);
    assert.equal(io.out, '');
  });

  test('refused connection: the server closes every connection at once', async () => {
    const port = await listen(net.createServer((socket) => socket.destroy()));
    const { code, io } = await scanOf(`http://127.0.0.1:${port}`);
    assert.equal(code, 2);
    assertOneClearMessage(io.err, /closed the connection without answering/);
  });

  test('TLS error: https:// against a plain HTTP server', async () => {
    const port = await httpServer((_req, res) => res.end('plain'));
    const { code, io } = await scanOf(`https://127.0.0.1:${port}`);
    assert.equal(code, 2);
    assertOneClearMessage(io.err, /TLS with 127\.0\.0\.1:\d+ failed .*does it serve https/);
  });

  test('redirect loop: a partial report', async () => {
    const port = await httpServer((req, res) => {
      res.writeHead(302, { Location: req.url === '/' ? '/a' : '/' }).end();
    });
    const { code, io } = await scanOf(`http://127.0.0.1:${port}`);
    assert.equal(code, 0);
    assertOneClearMessage(io.err, /GET \/ redirects in a loop \(\/a → \/\)/);
    assert.ok((JSON.parse(io.out) as { requests: number }).requests > 0);
  });

  test('non-HTTP answer: a raw TCP server writing garbage', async () => {
    const port = await listen(net.createServer((socket) => socket.end('\x00\x01garbage that is not HTTP\r\n\r\n')));
    const { code, io } = await scanOf(`http://127.0.0.1:${port}`);
    assert.equal(code, 2);
    assertOneClearMessage(io.err, /answered with something that is not HTTP/);
  });

  test('hanging server: bounded by --timeout', async () => {
    const port = await listen(net.createServer(() => { /* accepts and never answers */ }));
    const { code, io, ms } = await scanOf(`http://127.0.0.1:${port}`, '--timeout', '0.5');
    assert.equal(code, 2);
    assertOneClearMessage(io.err, /did not answer GET \/ within 0\.5 s/);
    assert.ok(ms < 5000, `took ${ms} ms`);
  });

  test('10 MB body: read up to the 1 MB cap, the scan goes on', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const port = await httpServer((req, res) => {
      if (req.url !== '/') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      let sent = 0;
      const pump = (): void => {
        while (sent < 10 && res.write(chunk)) {
          sent++;
        }
        if (sent >= 10) {
          res.end();
        } else {
          res.once('drain', () => { sent++; pump(); });
        }
      };
      res.on('error', () => undefined);
      pump();
    });
    const { code, io } = await scanOf(`http://127.0.0.1:${port}`);
    assert.equal(code, 0);
    assertOneClearMessage(io.err, /GET \/ answered more than 1 MB: only the first 1 MB were read/);
    assert.ok((JSON.parse(io.out) as { requests: number }).requests > 1);
  });

  test('invalid OpenAPI file: a partial report without it', async () => {
    const port = await httpServer((_req, res) => res.writeHead(404).end());
    const dir = mkdtempSync(path.join(tmpdir(), 'fg-openapi-'));
    try {
      const file = path.join(dir, 'openapi.yaml');
      writeFileSync(file, 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    $ref: "#/missing"\n');
      const { code, io } = await scanOf(`http://127.0.0.1:${port}`, '--openapi', file);
      assert.equal(code, 0);
      assertOneClearMessage(io.err, /openapi\.yaml is not a valid OpenAPI document: Missing \$ref pointer/);
      writeFileSync(file, 'title: [not closed\n');
      const broken = await scanOf(`http://127.0.0.1:${port}`, '--openapi', file);
      assertOneClearMessage(broken.io.err, /openapi\.yaml is neither JSON nor YAML/);
      writeFileSync(file, '{"swagger": "1.2", "apis": []}');
      const old = await scanOf(`http://127.0.0.1:${port}`, '--openapi', file);
      assertOneClearMessage(old.io.err, /openapi\.yaml is not an OpenAPI document/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage errors exit 2 with the usage text', async () => {
    for (const argv of [[], ['not a url'], ['http://127.0.0.1:1', '--format', 'xml'], ['http://127.0.0.1:1', '--rate', '0'], ['http://127.0.0.1:1', '--login', 'nonsense'], ['http://127.0.0.1:1', '--header', 'no colon']]) {
      const io = captureIO();
      assert.equal(await runScanCommand(argv, io), 2, argv.join(' '));
      assert.match(io.err, /usage: flask-guard scan URL/);
    }
  });
});
