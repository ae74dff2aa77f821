/** The language server over stdio, as an editor drives it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver/node';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver/node';
import { loadPythonParser } from '../../server/src/analysis/parser';
import { ReanalyzeRequest, RouteMapRequest, RuleDocRequest } from '../../server/src/lsp/protocol';
import { BUNDLED_SERVER, LspClient } from './client';
import * as fs from 'node:fs';

const skip = !fs.existsSync(BUNDLED_SERVER) && 'dist/server.js not built (node scripts/bundle.mjs)';

const PROJECT = {
  'app.py': [
    'from flask import Flask',
    'from flask_login import login_required',
    'from admin import admin_bp',
    '',
    'app = Flask(__name__)',
    'app.register_blueprint(admin_bp)',
    '',
    '',
    "@app.route('/admin/settings')",
    'def settings():',
    '    return {}',
    '',
  ].join('\n'),
  'admin/__init__.py': ["from flask import Blueprint", '', "admin_bp = Blueprint('admin', __name__, url_prefix='/admin')", '', 'from . import routes  # noqa: E402', ''].join('\n'),
  'admin/routes.py': ['from . import admin_bp', '', '', "@admin_bp.route('/users/<int:user_id>', methods=['DELETE'])", 'def delete_user(user_id):', "    return ''", ''].join('\n'),
  'run.py': ['from app import app', '', "if __name__ == '__main__':", "    app.run(host='0.0.0.0', debug=True)", ''].join('\n'),
};

/** `line:code` (1-based lines) of a publish, sorted, for readable assertions. */
const summary = (diagnostics: Diagnostic[] | undefined) => (diagnostics ?? []).map((d) => `${d.range.start.line + 1}:${d.code}`).sort();
const has = (code: string) => (d: Diagnostic[]) => d.some((x) => x.code === code);
const hasNo = (code: string) => (d: Diagnostic[]) => !d.some((x) => x.code === code);

/**
 * Waits until the diagnostics of the document's current version read `expected`:
 * a quick pass may publish first and a full pass settle it, so the first publish is not the answer.
 */
function settlesTo(client: LspClient, name: string, expected: string[], what: string): Promise<Diagnostic[]> {
  return client.waitForVersion(name, (d) => summary(d).join() === expected.join(), `${what} (expecting [${expected.join(', ')}])`);
}

async function codeActions(client: LspClient, name: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: client.uri(name) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], ...(only && { only }) },
  })) as CodeAction[];
}

test('indexing publishes diagnostics for files never opened, with code, docs link, source and severity', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  const app = await client.waitForDiagnostics('app.py', has('FG101'), 'FG101 from indexing');
  const routes = await client.waitForDiagnostics('admin/routes.py', has('FG101'), 'FG101 from indexing');
  const run = await client.waitForDiagnostics('run.py', has('FG105'), 'FG105 from indexing');
  assert.deepEqual(summary(app), ['10:FG101']);
  assert.deepEqual(summary(routes), ['5:FG101']);
  assert.deepEqual(summary(run), ['4:FG105']);
  const d = app[0]!;
  assert.deepEqual(d.range, { start: { line: 9, character: 4 }, end: { line: 9, character: 12 } }, 'the view name');
  assert.equal(d.source, 'Flask Guard');
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.equal(d.message, 'Route `/admin/settings` accepts requests without authentication');
  assert.match(d.codeDescription!.href, /^https:\/\/.+\/docs\/rules\/FG101-unauthenticated-sensitive-route\.md$/);
  assert.equal(routes[0]!.message, 'Route `/admin/users/<int:user_id>` accepts requests without authentication');
  assert.equal(run[0]!.severity, DiagnosticSeverity.Error, 'debug on 0.0.0.0 is an error');
  assert.equal(client.diagnostics('admin/__init__.py')?.length ?? 0, 0);
  // Indexing reports work-done progress: a begin naming the file count, then an end.
  assert.deepEqual(client.progress.map((p) => p.kind).filter((k) => k !== 'report'), ['begin', 'end']);
  assert.equal(client.progress[0]!.title, 'Flask Guard');
  assert.match(client.progress[0]!.message ?? '', /Indexing 4 Python files/);
});

test('typing @login_required under the route decorator clears FG101; deleting it brings it back', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.open('app.py');
  await client.waitForVersion('app.py', has('FG101'));
  // Character by character, as typed: the finding must go once the name is complete.
  const typed = '@login_required\n';
  for (let i = 0; i < typed.length; i++) await client.insert('app.py', 9, i, typed[i]!);
  await client.waitForVersion('app.py', (d) => d.length === 0, 'FG101 gone once the decorator is typed');
  assert.ok(client.text('app.py').includes("@app.route('/admin/settings')\n@login_required\ndef settings():"));
  await client.change('app.py', [{ range: { start: { line: 9, character: 0 }, end: { line: 10, character: 0 } }, text: '' }]);
  await client.waitForVersion('app.py', (d) => summary(d).join() === '10:FG101', 'FG101 back on line 10');
});

test('incremental edits with non-ASCII text and CRLF line ends keep positions in UTF-16', { skip }, async (t) => {
  const text = [
    'import os',
    'from flask import Flask',
    '',
    "app = Flask(__name__)  # café ☕",
    '',
    "@app.route('/admin/ünïcode')",
    'def ünïcödé_admin():',
    "    return 'naïve'",
    '',
    "banner = '𝄞'; app.run(host='0.0.0.0', debug=True)",
    '',
  ].join('\r\n');
  const client = await LspClient.start(t, { 'app.py': text });
  await client.open('app.py');
  const first = await client.waitForVersion('app.py', (d) => has('FG105')(d) && has('FG101')(d));
  const fg105 = first.find((d) => d.code === 'FG105')!;
  // `banner = '𝄞'; ` is 14 code points but 15 UTF-16 units: the call starts at 15.
  assert.deepEqual(fg105.range.start, { line: 9, character: 15 });
  const fg101 = first.find((d) => d.code === 'FG101')!;
  assert.deepEqual(fg101.range, { start: { line: 6, character: 4 }, end: { line: 6, character: 17 } });

  // Replace `True` after the astral character, by UTF-16 range.
  const line = text.split('\r\n')[9]!;
  const at = line.indexOf('True');
  await client.change('app.py', [{ range: { start: { line: 9, character: at }, end: { line: 9, character: at + 4 } }, text: 'False' }]);
  await settlesTo(client, 'app.py', ['7:FG101'], 'FG105 gone, FG101 kept');

  // Protect the view: insert a decorator line (CRLF) between two lines holding non-ASCII text.
  await client.insert('app.py', 6, 0, '@login_required\r\n');
  await client.insert('app.py', 0, 0, 'from flask_login import login_required\r\n');
  await settlesTo(client, 'app.py', [], 'after the edit');
  assert.ok(client.text('app.py').includes("@app.route('/admin/ünïcode')\r\n@login_required\r\ndef ünïcödé_admin():"));
});

test('a before_request guard added to the blueprint in admin/__init__.py clears the findings in admin/routes.py', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.waitForDiagnostics('admin/routes.py', has('FG101'), 'FG101 before the guard');
  await client.open('admin/__init__.py');
  await client.waitForVersion('admin/__init__.py');
  const mark = client.mark;
  await client.change('admin/__init__.py', [
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'from flask import abort\nfrom flask_login import current_user\n' },
    { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '\n@admin_bp.before_request\ndef staff_only():\n    if not current_user.is_authenticated:\n        abort(401)\n\n' },
  ]);
  // The second change's line counts the two lines the first one inserted: changes apply in order.
  assert.ok(client.text('admin/__init__.py').includes("url_prefix='/admin')\n\n@admin_bp.before_request\ndef staff_only():"), client.text('admin/__init__.py'));
  await client.waitForDiagnostics('admin/routes.py', hasNo('FG101'), 'FG101 cleared by the guard', mark);
  // The app's own route is not under the blueprint: it keeps its finding.
  assert.deepEqual(summary(client.diagnostics('app.py')), ['10:FG101']);

  const mark2 = client.mark;
  await client.replace('admin/__init__.py', '        abort(401)\n', '        pass\n');
  await client.waitForDiagnostics('admin/routes.py', has('FG101'), 'FG101 back once the guard no longer rejects', mark2);
});

test('settings: rules off and per-rule severity after didChangeConfiguration', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.waitForDiagnostics('run.py', has('FG105'), 'FG105 with default settings');
  await client.open('app.py');
  await client.waitForVersion('app.py', has('FG101'));

  const mark = client.mark;
  await client.configure({ rules: { FG101: 'off', FG105: 'warning' } });
  await client.waitForDiagnostics('admin/routes.py', hasNo('FG101'), 'FG101 off', mark);
  await client.waitForDiagnostics('app.py', hasNo('FG101'), 'FG101 off', mark);
  const run = await client.waitForDiagnostics('run.py', (d) => d[0]?.severity === DiagnosticSeverity.Warning, 'FG105 as a warning', mark);
  assert.deepEqual(summary(run), ['4:FG105']);

  const back = client.mark;
  await client.configure({});
  await client.waitForDiagnostics('app.py', has('FG101'), 'FG101 back on with the defaults', back);
});

test('settings: diagnostics.scope openFiles reports open files only', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.waitForDiagnostics('run.py', has('FG105'), 'FG105 from indexing');
  await client.open('app.py');
  await client.waitForVersion('app.py', has('FG101'));
  const mark = client.mark;
  await client.configure({ diagnostics: { scope: 'openFiles' } });
  await client.waitForDiagnostics('run.py', (d) => d.length === 0, 'no findings for a file that is not open', mark);
  await client.waitForDiagnostics('admin/routes.py', (d) => d.length === 0, 'no findings for a file that is not open', mark);
  assert.deepEqual(summary(client.diagnostics('app.py')), ['10:FG101'], 'the open file keeps its findings');
});

test('code action round trip: "Add @login_required" applied, the finding goes, the file still parses', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.open('app.py');
  const [diagnostic] = (await client.waitForVersion('app.py', has('FG101'))).filter((d) => d.code === 'FG101');
  const actions = await codeActions(client, 'app.py', diagnostic!);
  assert.deepEqual(
    actions.map((a) => a.title),
    [
      'Flask Guard (FG101): Add `@login_required`',
      'Flask Guard (FG101): Mark `/admin/settings` as public',
      'Flask Guard (FG101): Ignore FG101 for this line',
      'Flask Guard (FG101): Show FG101 documentation',
    ],
  );
  const add = actions[0]!;
  assert.equal(add.kind, 'quickfix');
  assert.ok(!add.isPreferred, 'an unsafe fix is not preferred');
  assert.deepEqual(actions[1]!.command, { title: 'Mark `/admin/settings` as public', command: 'flaskGuard.markRoutePublic', arguments: ['/admin/settings', client.uri('app.py')] });
  assert.deepEqual(actions[3]!.command?.arguments, ['FG101']);

  await client.applyEdit(add.edit!);
  await settlesTo(client, 'app.py', [], 'FG101 gone after the fix');
  const text = client.text('app.py');
  assert.ok(text.includes("@app.route('/admin/settings')\n@login_required\ndef settings():"), text);
  const { parser } = await loadPythonParser();
  const tree = parser.parse(text)!;
  try {
    assert.equal(tree.rootNode.hasError, false, 'the fixed file has an ERROR or MISSING node');
  } finally {
    tree.delete();
  }
});

test('"Ignore FG101 for this line" adds a suppression comment that the engine honours', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.open('app.py');
  const [diagnostic] = (await client.waitForVersion('app.py', has('FG101'))).filter((d) => d.code === 'FG101');
  const ignore = (await codeActions(client, 'app.py', diagnostic!)).find((a) => a.title.endsWith('Ignore FG101 for this line'))!;
  await client.applyEdit(ignore.edit!);
  await settlesTo(client, 'app.py', [], 'after the edit');
  assert.ok(client.text('app.py').includes('def settings():  # flask-guard: ignore[FG101]\n'), client.text('app.py'));
});

test('source.fixAll.flaskGuard returns only safe fixes; the FG105 quick fix is preferred', { skip }, async (t) => {
  const client = await LspClient.start(t, { 'app.py': PROJECT['app.py'].replace('from admin import admin_bp\n', '').replace('app.register_blueprint(admin_bp)\n', '') + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n" });
  await client.open('app.py');
  const diagnostics = await client.waitForVersion('app.py', (d) => has('FG101')(d) && has('FG105')(d));
  const fg105 = diagnostics.find((d) => d.code === 'FG105')!;
  const quick = await codeActions(client, 'app.py', fg105);
  assert.equal(quick[0]!.title, 'Flask Guard (FG105): Read debug mode from FLASK_DEBUG');
  assert.equal(quick[0]!.isPreferred, true, 'a safe fix is preferred');

  const all = await codeActions(client, 'app.py', diagnostics[0]!, ['source.fixAll.flaskGuard']);
  assert.equal(all.length, 1);
  assert.equal(all[0]!.kind, 'source.fixAll.flaskGuard');
  const inserted = JSON.stringify(all[0]!.edit);
  assert.match(inserted, /FLASK_DEBUG/);
  assert.doesNotMatch(inserted, /@login_required/, 'fix-all must not apply the unsafe auth fix');
  await client.applyEdit(all[0]!.edit!);
  await settlesTo(client, 'app.py', ['9:FG101'], 'only the unsafe finding is left');
  assert.match(client.text('app.py'), /^import os\n/);
});

test('custom requests: flaskGuard/routeMap, flaskGuard/ruleDoc, flaskGuard/reanalyze, and flaskGuard/status', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.waitForDiagnostics('admin/routes.py', has('FG101'), 'indexing');
  const map = await client.connection.sendRequest<RouteMapRequest.Result>(RouteMapRequest.method, {});
  assert.deepEqual(
    map.map((r) => [r.rule, r.methods, r.endpoint, r.file.slice(client.project.dir.length + 1), r.line, r.authenticated, r.sensitive, r.standing, r.why]).sort(),
    [
      ['/admin/settings', ['GET'], 'settings', 'app.py', 10, false, true, 'exposed', 'sensitive, and open to anyone (FG101)'],
      ['/admin/users/<int:user_id>', ['DELETE'], 'admin.delete_user', 'admin/routes.py', 5, false, true, 'exposed', 'sensitive, and open to anyone (FG101)'],
    ],
  );
  const doc = await client.connection.sendRequest<RuleDocRequest.Result>(RuleDocRequest.method, { code: 'fg101' });
  assert.equal(doc?.code, 'FG101');
  assert.equal(doc?.name, 'unauthenticated-sensitive-route');
  assert.match(doc!.markdown, /^# FG101 unauthenticated-sensitive-route\n[\s\S]*## Why is this bad\?/);
  assert.equal(await client.connection.sendRequest(RuleDocRequest.method, { code: 'FG999' }), null);

  const before = client.statuses.length;
  const result = await client.connection.sendRequest<ReanalyzeRequest.Result>(ReanalyzeRequest.method, {});
  assert.deepEqual(result, { files: 4, findings: 3 });
  const status = await client.waitFor(() => client.statuses.slice(before).find((s) => s.state === 'idle'), 'an idle status after reanalyze');
  assert.equal(status.files, 4);
  assert.equal(status.findings, 3);
  assert.ok(client.statuses.slice(before).some((s) => s.state === 'analysing'), 'analysing reported first');
});

test('hover on a route says what protects it, or that nothing does; elsewhere there is no hover', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.open('app.py');
  await client.waitForVersion('app.py', has('FG101'));
  const hover = (line: number, character: number) =>
    client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri('app.py') }, position: { line, character } });
  const open = await hover(8, 5);
  assert.equal((open?.contents as MarkupContent).value, '**Flask Guard**\n\n- `GET /admin/settings` (endpoint `settings`): sensitive, and open to anyone (FG101).');
  assert.deepEqual(open?.range, { start: { line: 8, character: 0 }, end: { line: 8, character: 29 } }, 'the route decorator');
  await client.insert('app.py', 9, 0, '@login_required\n');
  await client.waitForVersion('app.py', hasNo('FG101'));
  const protectedRoute = await hover(10, 6);
  assert.equal((protectedRoute?.contents as MarkupContent).value, '**Flask Guard**\n\n- `GET /admin/settings` (endpoint `settings`): protected by `@login_required`.');
  assert.equal(await hover(4, 2), null, 'app = Flask(...) is no route');
});

test('closing an edited, unsaved document brings back the findings of the file on disk', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.open('app.py');
  await client.waitForVersion('app.py', has('FG101'));
  await client.insert('app.py', 9, 0, '@login_required\n');
  await settlesTo(client, 'app.py', [], 'the unsaved buffer is protected');
  const mark = client.mark;
  await client.close('app.py');
  const back = await client.waitForDiagnostics('app.py', has('FG101'), 'FG101 from the file on disk', mark);
  assert.deepEqual(summary(back), ['10:FG101']);
});

test('files created and deleted on disk are indexed and dropped (workspace/didChangeWatchedFiles)', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT);
  await client.waitForDiagnostics('admin/routes.py', has('FG101'), 'indexing');
  client.project.write('admin/keys.py', "from . import admin_bp\n\n\n@admin_bp.get('/keys')\ndef list_keys():\n    return []\n");
  let mark = client.mark;
  await client.filesChanged([{ name: 'admin/keys.py', type: FileChangeType.Created }]);
  assert.deepEqual(summary(await client.waitForDiagnostics('admin/keys.py', has('FG101'), 'FG101 in the new file', mark)), ['5:FG101']);

  mark = client.mark;
  fs.rmSync(client.project.file('admin/keys.py'));
  await client.filesChanged([{ name: 'admin/keys.py', type: FileChangeType.Deleted }]);
  await client.waitForDiagnostics('admin/keys.py', (d) => d.length === 0, 'findings cleared for the deleted file', mark);
});

test('scope openFiles still reads the workspace for context (blueprints and guards in closed modules)', { skip }, async (t) => {
  // The blueprint lives in admin/__init__.py, which is never opened: without it the route is not even seen.
  const open = await LspClient.start(t, PROJECT, { diagnostics: { scope: 'openFiles' } });
  await open.open('admin/routes.py');
  await settlesTo(open, 'admin/routes.py', ['5:FG101'], 'the route on a blueprint defined in a closed module');
  assert.equal(open.diagnostics('run.py'), undefined, 'nothing published for a closed file');

  const guarded = PROJECT['admin/__init__.py'].replace(
    'from . import routes',
    'from flask import abort\nfrom flask_login import current_user\n\n\n@admin_bp.before_request\ndef staff_only():\n    if not current_user.is_authenticated:\n        abort(401)\n\n\nfrom . import routes',
  );
  const closedGuard = await LspClient.start(t, { ...PROJECT, 'admin/__init__.py': guarded }, { diagnostics: { scope: 'openFiles' } });
  await closedGuard.open('admin/routes.py');
  await settlesTo(closedGuard, 'admin/routes.py', [], 'the guard in the closed admin/__init__.py protects the route');
});

test('a route left open by a partial guard links to the guard in another module (relatedInformation)', { skip }, async (t) => {
  const client = await LspClient.start(t, {
    ...PROJECT,
    'guards.py': "from flask import abort, request\nfrom flask_login import current_user\n\nfrom app import app\n\n\n@app.before_request\ndef require_login():\n    if request.method == 'GET':\n        return None\n    if not current_user.is_authenticated:\n        abort(401)\n",
  });
  const guards = await client.waitForDiagnostics('guards.py', has('FG103'), 'FG103 on the guard');
  assert.deepEqual(summary(guards), ['8:FG103']);
  const app = await client.waitForDiagnostics('app.py', has('FG101'), 'FG101 for the GET route');
  const fg101 = app.find((d) => d.code === 'FG101')!;
  assert.equal(fg101.message as string, 'Route `/admin/settings` accepts GET requests without authentication');
  assert.deepEqual(
    fg101.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line + 1, r.message]),
    [[client.uri('guards.py'), 8, '`require_login` guards the other requests but lets this one through']],
  );
  // The blueprint's DELETE route is checked by the guard.
  await client.waitForDiagnostics('admin/routes.py', (d) => d.length === 0, 'no finding for the guarded DELETE route');
});

test('editing a project decorator in auth.py re-checks the routes that use it in other files', { skip }, async (t) => {
  const client = await LspClient.start(t, {
    'auth.py': "from functools import wraps\n\nfrom flask import abort, request\n\n\ndef check_key(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        if request.headers.get('X-API-Key') != 'k':\n            abort(401)\n        return view(*args, **kwargs)\n    return wrapper\n",
    'app.py': "from flask import Flask\n\nfrom auth import check_key\n\napp = Flask(__name__)\n\n\n@app.get('/api/keys')\n@check_key\ndef keys():\n    return []\n",
  });
  // `check_key` is no library name: only its body (inference) makes it authentication.
  await client.waitForDiagnostics('app.py', (d) => d.length === 0, 'the inferred decorator protects the route');
  await client.open('auth.py');
  await client.waitForVersion('auth.py');
  let mark = client.mark;
  await client.replace('auth.py', 'abort(401)', 'pass');
  await client.waitForDiagnostics('app.py', has('FG101'), 'FG101 once the wrapper no longer rejects', mark);
  mark = client.mark;
  await client.replace('auth.py', '            pass', '            abort(403)');
  await client.waitForDiagnostics('app.py', (d) => d.length === 0, 'FG101 gone once it rejects again', mark);
});

test('an untrusted workspace is not indexed: only open files are analysed', { skip }, async (t) => {
  const client = await LspClient.start(t, PROJECT, {}, { trusted: false });
  assert.equal(client.statuses.at(-1)?.files, 0, 'nothing read from disk');
  await client.open('app.py');
  await settlesTo(client, 'app.py', ['10:FG101'], 'the open file');
  assert.deepEqual([...client.published.keys()], [client.uri('app.py')], 'nothing published for files that are not open');
});
