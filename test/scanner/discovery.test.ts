import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { describe, test } from 'node:test';
import type { RouteMapEntry } from '../../server/src/analysis/route-map';
import { runScanCommand } from '../../server/src/cli/scan-command';
import { htmlLinks } from '../../server/src/scanner/discovery';
import { fillRule, matchRoute, ruleRegex, sampleUuid } from '../../server/src/scanner/flask-rule';
import { parseOpenApi } from '../../server/src/scanner/openapi';
import { Redactor } from '../../server/src/scanner/redact';
import { renderReport } from '../../server/src/scanner/report';
import { isLoopbackHost, looksDestructive } from '../../server/src/scanner/safety';
import type { ScanResult } from '../../server/src/scanner/types';
import { captureIO } from './helpers';

function route(rule: string, line: number, extra: Partial<RouteMapEntry> = {}): RouteMapEntry {
  return {
    rule, methods: ['GET'], endpoint: rule.replace(/\W+/g, '_'), file: '/src/app.py', line, column: 5,
    authenticated: false, sensitive: false, publicByNature: false, protection: [], misplaced: [], stub: false, ...extra,
  };
}

describe('Flask rules', () => {
  test('converters are filled with plausible values', () => {
    assert.equal(fillRule('/users/<int:user_id>'), '/users/1');
    assert.equal(fillRule('/u/<uuid:key>'), `/u/${sampleUuid}`);
    assert.equal(fillRule('/files/<path:rest>'), '/files/a');
    assert.equal(fillRule('/p/<float:x>/<any(a, b):kind>'), '/p/1.0/a');
    assert.equal(fillRule('/posts/<post_id>'), '/posts/1');
    assert.equal(fillRule('/profile/<username>'), '/profile/alice');
    assert.equal(fillRule('/plain/<string(length=2):code>'), '/plain/1');
  });

  test('a requested path maps back to its rule', () => {
    assert.ok(ruleRegex('/users/<int:id>').test('/users/42'));
    assert.ok(!ruleRegex('/users/<int:id>').test('/users/abc'));
    assert.ok(ruleRegex('/files/<path:p>').test('/files/a/b/c'));
    assert.ok(!ruleRegex('/a.b').test('/aXb'));
    const routes = [route('/items', 3), route('/items/<int:id>', 9, { methods: ['POST'] }), route('/items/<int:id>', 12)];
    assert.equal(matchRoute(routes, 'GET', '/items/1')?.line, 12);
    assert.equal(matchRoute(routes, 'HEAD', '/items/1')?.line, 12);
    assert.equal(matchRoute(routes, 'GET', '/nowhere'), undefined);
  });
});

describe('OpenAPI documents', () => {
  test('OpenAPI 3 YAML: servers path, path parameters, effective security', async () => {
    const result = await parseOpenApi(`
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "http://127.0.0.1:5000/api/{version}", variables: {version: {default: v1}}}]
security: [{bearer: []}]
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: integer}}
paths:
  /items/{id}:
    parameters: [{$ref: "#/components/parameters/Id"}]
    get: {responses: {"200": {description: ok}}}
    delete: {responses: {"204": {description: gone}}}
  /public:
    get: {security: [], responses: {"200": {description: ok}}}
  /maybe:
    get: {security: [{}, {bearer: []}], responses: {"200": {description: ok}}}
  /keys/{key_uuid}:
    get:
      parameters: [{name: key_uuid, in: path, required: true, schema: {type: string, format: uuid}}]
      responses: {"200": {description: ok}}
`, 'spec.yaml');
    assert.ok('operations' in result, JSON.stringify(result));
    assert.deepEqual(result.operations, [
      { method: 'GET', path: '/api/v1/items/1', secured: true },
      { method: 'DELETE', path: '/api/v1/items/1', secured: true },
      { method: 'GET', path: '/api/v1/public', secured: false },
      { method: 'GET', path: '/api/v1/maybe', secured: false },
      { method: 'GET', path: `/api/v1/keys/${sampleUuid}`, secured: true },
    ]);
  });

  test('Swagger 2 JSON: basePath', async () => {
    const result = await parseOpenApi(JSON.stringify({
      swagger: '2.0', info: { title: 't', version: '1' }, basePath: '/v2',
      paths: { '/pets/{petId}': { get: { parameters: [{ name: 'petId', in: 'path', required: true, type: 'integer' }], responses: { 200: { description: 'ok' } } } } },
    }), 'swagger.json');
    assert.ok('operations' in result, JSON.stringify(result));
    assert.deepEqual(result.operations, [{ method: 'GET', path: '/v2/pets/1', secured: false }]);
  });
});

describe('safety and redaction', () => {
  test('loopback and destructive names', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', '[::1]', 'app.localhost']) {
      assert.ok(isLoopbackHost(host), host);
    }
    for (const host of ['10.0.0.1', '192.168.1.1', 'example.com', '128.0.0.1', '::2']) {
      assert.ok(!isLoopbackHost(host), host);
    }
    for (const name of ['/admin/delete_user/1', '/api/drop', 'reset_password', 'shutdown', '/logout', 'removeItem']) {
      assert.ok(looksDestructive(name), name);
    }
    assert.ok(!looksDestructive('/api/users'));
  });

  test('curl commands and logs never show the user\'s credentials', () => {
    const redactor = new Redactor();
    redactor.addSecret('tok-3f9a8b7c6d');
    redactor.addSecret('cookie-value-123');
    const curl = redactor.curl(new URL('http://127.0.0.1:5000'), {
      method: 'POST', path: '/login?username=admin&password=admin',
      headers: { Authorization: 'Bearer tok-3f9a8b7c6d', Cookie: 'session=cookie-value-123', 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'hunter2' }),
    });
    assert.doesNotMatch(curl, /tok-3f9a8b7c6d|cookie-value-123|hunter2|password=admin/);
    assert.match(curl, /Bearer <redacted>/);
    assert.match(curl, /username=admin&password=<redacted>/);
    assert.match(curl, /"username":"demo"/);
    assert.equal(redactor.curl(new URL('http://h'), { method: 'HEAD', path: '/x', headers: { 'X-API-Key': 'random123456' } }),
      `curl -i -I -H 'X-API-Key: random123456' 'http://h/x'`);
  });
});

describe('links in HTML pages', () => {
  test('same-origin anchors, frames and GET forms; nothing else', () => {
    const links = htmlLinks(`<a href="/a?x=1#frag">a</a><a href="b">b</a><a href="http://other.example/c">c</a>
      <a href="javascript:alert(1)">j</a><iframe src="/frame"></iframe><form action="/search"></form>
      <form method="post" action="/submit"></form><area href="//127.0.0.1:5000/area">`, new URL('http://127.0.0.1:5000/dir/page'));
    assert.deepEqual(links.sort(), ['/a?x=1', '/area', '/dir/b', '/frame', '/search']);
  });
});

describe('--source: routes from the code are probed and findings point at them', { timeout: 30000 }, () => {
  test('route map entries are probed with filled converters; findings carry file and line', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url === '/members/1') {
        res.setHeader('Content-Type', 'application/json');
        res.end('[{"id": 1, "email": "ann@example.com"}]');
      } else {
        res.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const routes = [route('/members/<int:member_id>', 21), route('/docs/<path:page>', 30), route('/purge/<uuid:id>', 40)];
      const io = captureIO(tmpdir());
      const code = await runScanCommand([url, '--format', 'json', '--source', '.'], io, {
        buildRouteMap: async (root) => {
          assert.equal(root, tmpdir());
          return routes;
        },
      });
      assert.equal(code, 1, io.err);
      const report = JSON.parse(io.out) as { findings: { rule: string; path: string; source?: { file: string; line: number } }[] };
      assert.deepEqual(report.findings.map((f) => [f.rule, f.path, f.source]), [['FG501', '/members/1', { file: '/src/app.py', line: 21 }]]);
      assert.ok(seen.includes('/docs/a'));
      assert.ok(!seen.some((u) => u.startsWith('/purge')), 'a destructive-looking route was probed');
    } finally {
      server.close();
    }
  });
});

describe('--openapi from a URL', { timeout: 30000 }, () => {
  test('a YAML document on the target\'s origin is fetched and used; one on another origin is refused', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url === '/docs/spec.yaml') {
        res.end('openapi: 3.0.3\ninfo: {title: t, version: "1"}\nservers: [{url: /v1}]\npaths:\n  /hidden/{id}:\n    get: {security: [{k: []}], responses: {"200": {description: ok}}}\n');
      } else {
        res.writeHead(req.url === '/v1/hidden/1' ? 200 : 404).end('{}');
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const io = captureIO();
      await runScanCommand([url, '--format', 'json', '--openapi', `${url}/docs/spec.yaml`], io);
      assert.ok(seen.includes('/v1/hidden/1'), seen.join(' '));
      const report = JSON.parse(io.out) as { findings: { rule: string; path: string }[] };
      assert.deepEqual(report.findings.map((f) => [f.rule, f.path]), [['FG512', '/v1/hidden/1']]);
      const foreign = captureIO();
      await runScanCommand([url, '--format', 'json', '--openapi', 'http://127.0.0.2:9/spec.yaml'], foreign);
      assert.match(foreign.err, /--openapi http:\/\/127\.0\.0\.2:9\/spec\.yaml is not on http:\/\/127\.0\.0\.1:\d+: the scanner never leaves the target's origin/);
    } finally {
      server.close();
    }
  });
});

describe('report formats', () => {
  const result: ScanResult = {
    target: 'http://127.0.0.1:5000', requests: 7, messages: ['a note'], unreachable: false, log: [],
    findings: [{
      rule: 'FG501', severity: 'error', method: 'GET', path: '/admin/<script>', message: 'open <b>admin</b>',
      evidence: { status: 200 }, curl: "curl -i 'http://127.0.0.1:5000/admin'", source: { file: '/src/app.py', line: 4 },
    }, {
      rule: 'FG509', severity: 'warning', method: 'GET', path: '/login', message: 'cookie flags',
      evidence: { status: 200 }, curl: "curl -i 'http://127.0.0.1:5000/login'",
    }],
  };

  test('json has the fixed shape', () => {
    const json = JSON.parse(renderReport(result, 'json')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['target', 'requests', 'findings']);
    const [first, second] = json.findings as Record<string, unknown>[];
    assert.deepEqual(Object.keys(first), ['rule', 'severity', 'method', 'path', 'message', 'evidence', 'source']);
    assert.equal((first.evidence as Record<string, unknown>).curl, "curl -i 'http://127.0.0.1:5000/admin'");
    assert.equal('source' in second, false);
  });

  test('sarif 2.1.0 with a location for every result', () => {
    const sarif = JSON.parse(renderReport(result, 'sarif')) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.rules.length, 14);
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region?.startLine]),
      [['FG501', 'error', '/src/app.py', 4], ['FG509', 'warning', 'http://127.0.0.1:5000/login', undefined]]);
  });

  test('html is self-contained and escaped; text lists every finding', () => {
    const html = renderReport(result, 'html');
    assert.doesNotMatch(html, /<script>|<b>admin|src=|href=/);
    assert.match(html, /&#60;script&#62;/);
    const text = renderReport(result, 'text');
    assert.match(text, /2 findings/);
    assert.match(text, /FG501 unauthenticated-endpoint {2}GET \/admin\/<script>/);
    assert.match(text, /route: \/src\/app\.py:4/);
  });
});
