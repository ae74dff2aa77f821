import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspectExchange } from '../../server/src/scanner/checks';
import type { ScanContext } from '../../server/src/scanner/checks/context';
import { isAccepted, isRefused } from '../../server/src/scanner/checks/context';
import { Redactor } from '../../server/src/scanner/redact';
import type { Exchange, Finding, ProbeResponse } from '../../server/src/scanner/types';
import { bundledSecrets, toCandidates } from '../../server/src/scanner/wordlist';

function context(): { ctx: ScanContext; findings: Finding[] } {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const ctx: ScanContext = {
    base: new URL('http://127.0.0.1:5000'),
    identity: { headers: {}, cookies: {} },
    redactor: new Redactor(),
    candidates: toCandidates(bundledSecrets),
    send: () => Promise.resolve(undefined),
    report: (finding) => findings.push(finding),
    firstTime: (key) => !seen.has(key) && Boolean(seen.add(key)),
  };
  return { ctx, findings };
}

function exchange(path: string, response: Partial<ProbeResponse>, headers: Record<string, string> = {}): Exchange {
  return {
    request: { method: 'GET', path, headers },
    response: { status: 200, headers: {}, body: '', truncated: false, finalPath: path, ...response },
  };
}

function rulesFor(...exchanges: Exchange[]): string[] {
  const { ctx, findings } = context();
  exchanges.forEach((e) => inspectExchange(ctx, e));
  return findings.map((f) => `${f.rule} ${f.severity} ${f.path}`);
}

describe('passive checks on synthetic answers', () => {
  test('FG509: auth cookies only, not when the cookie is being cleared', () => {
    assert.deepEqual(rulesFor(
      exchange('/a', { headers: { 'set-cookie': ['theme=dark; Path=/', 'csrf_token=abc; Path=/'] } }),
      exchange('/logout', { headers: { 'set-cookie': ['session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/'] } }),
      exchange('/b', { headers: { 'set-cookie': ['remember_token=abc; Secure; HttpOnly; SameSite=Lax'] } }),
      exchange('/login', { headers: { 'set-cookie': ['sessionid=abc; Secure; HttpOnly'] } }),
    ), ['FG509 warning /login']);
  });

  test('FG511: tracebacks and configuration, not the Werkzeug debugger (FG504 only)', () => {
    assert.deepEqual(rulesFor(
      exchange('/t', { status: 500, body: '{"traceback": "Traceback (most recent call last):\\n  File \\"app.py\\", line 3, in f"}' }),
      exchange('/cfg', { body: "<Config {'DEBUG': False, 'SECRET_KEY': 'x'}>" }),
      exchange('/fine', { body: '{"mail_server": "smtp.internal.example"}' }),
      exchange('/dbg', { status: 500, body: '<title>ZeroDivisionError // Werkzeug Debugger</title> Traceback (most recent call last) var EVALEX = true' }),
    ), ['FG511 warning /t', 'FG511 warning /cfg', 'FG504 error /dbg']);
  });

  test('FG510: only a reflected foreign Origin with credentials', () => {
    const origin = 'https://evil.flask-guard.invalid';
    assert.deepEqual(rulesFor(
      exchange('/star', { headers: { 'access-control-allow-origin': '*' } }, { Origin: origin }),
      exchange('/nocreds', { headers: { 'access-control-allow-origin': origin } }, { Origin: origin }),
      exchange('/yes', { headers: { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' } }, { Origin: origin }),
    ), ['FG510 warning /yes']);
  });

  test('FG505: secrets and personal data are a warning, authorization data an error', () => {
    const cookie = (data: object): string => `session=${Buffer.from(JSON.stringify(data)).toString('base64url')}.ZxYz12.${Buffer.alloc(20, 7).toString('base64url')}; Secure; HttpOnly; SameSite=Lax`;
    assert.deepEqual(rulesFor(exchange('/a', { headers: { 'set-cookie': [cookie({ email: 'a@example.com', uid: 1 })] } })), ['FG505 warning /a']);
    assert.deepEqual(rulesFor(exchange('/b', { headers: { 'set-cookie': [cookie({ isAdmin: true })] } })), ['FG505 error /b']);
    assert.deepEqual(rulesFor(exchange('/c', { headers: { 'set-cookie': [cookie({ _user_id: '1', _fresh: true, csrf_token: 'abc' })] } })), []);
  });

  test('refused and accepted answers', () => {
    assert.ok(isRefused(exchange('/x', { status: 401 })));
    assert.ok(isRefused(exchange('/x', { finalPath: '/login?next=%2Fx' })), 'a redirect to the login page is a refusal');
    assert.ok(!isAccepted(exchange('/x', { finalPath: '/login?next=%2Fx' })));
    assert.ok(isAccepted(exchange('/admin', { finalPath: '/admin/' })), "Flask's slash redirect lands on the same view");
    assert.ok(!isAccepted(exchange('/x', { status: 302 })));
  });
});
