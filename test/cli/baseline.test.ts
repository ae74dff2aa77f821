/** `check --write-baseline` / `--baseline`: adopting Flask Guard on an app with known findings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { STACK_FRAME, tempProject } from '../helpers/project';

const HEADER = "from flask import Flask\nfrom flask_login import login_required\n\napp = Flask(__name__)\n";
const route = (rule: string, view: string) => `\n\n@app.route('${rule}')\ndef ${view}():\n    return []\n`;

test('a recorded finding is not reported again, even after lines move; a new one is, and fails the check', async (t) => {
  const p = tempProject({ 'app.py': HEADER + route('/admin/users', 'users') }, t);
  const written = await runCli(['check', '--write-baseline', 'flask-guard-baseline.json'], p.dir);
  assert.equal(written.code, 0);
  assert.equal(written.stdout, '');
  assert.equal(written.stderr, 'flask-guard: recorded 1 finding in flask-guard-baseline.json\n');
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(p.dir, 'flask-guard-baseline.json'), 'utf8')), {
    version: 1,
    findings: [{ code: 'FG101', file: 'app.py', message: 'Route `/admin/users` accepts requests without authentication' }],
  });

  const known = await runCli(['check', '--baseline', 'flask-guard-baseline.json'], p.dir);
  assert.equal(known.stdout, 'No new findings. Checked 1 file: 0 errors, 0 warnings, 0 info new (1 more in the baseline).\n');
  assert.equal(known.code, 0);

  // Code added above the known route moves it; a second open route is new.
  p.write('app.py', HEADER + route('/admin/roles', 'roles') + route('/admin/users', 'users'));
  const fresh = await runCli(['check', '--baseline', 'flask-guard-baseline.json'], p.dir);
  assert.equal(fresh.stdout, 'app.py:8:5: FG101 Route `/admin/roles` accepts requests without authentication\nChecked 1 file: 1 error, 0 warnings, 0 info new (1 more in the baseline).\n');
  assert.equal(fresh.code, 1);
});

test('each entry accounts for one finding; fixed ones are counted so the baseline can be refreshed', async (t) => {
  const p = tempProject({ 'app.py': HEADER + route('/admin/users', 'users') + route('/admin/roles', 'roles') }, t);
  await runCli(['check', '--write-baseline', 'base.json'], p.dir);
  p.write('app.py', HEADER + route('/admin/users', 'users'));
  const run = await runCli(['check', '--baseline', 'base.json'], p.dir);
  assert.equal(run.stdout, 'No new findings. Checked 1 file: 0 errors, 0 warnings, 0 info new (1 more in the baseline; 1 of its findings no longer occurs: refresh it with --write-baseline).\n');
  assert.equal(run.code, 0);
});

test('sarif and json list only the new findings; sarif marks them new', async (t) => {
  const p = tempProject({ 'app.py': HEADER + route('/admin/users', 'users') }, t);
  await runCli(['check', '--write-baseline', 'base.json'], p.dir);
  p.write('app.py', HEADER + route('/admin/users', 'users') + route('/admin/roles', 'roles'));
  const sarif = JSON.parse((await runCli(['check', '--baseline', 'base.json', '--format', 'sarif'], p.dir)).stdout);
  assert.deepEqual(sarif.runs[0].results.map((r: { message: { text: string }; baselineState: string }) => [r.message.text, r.baselineState]), [['Route `/admin/roles` accepts requests without authentication', 'new']]);
  const json = JSON.parse((await runCli(['check', '--baseline', 'base.json', '--format', 'json'], p.dir)).stdout);
  assert.deepEqual(json.map((f: { message: string }) => f.message), ['Route `/admin/roles` accepts requests without authentication']);
});

test('a missing or foreign baseline is a one-line error naming it, exit 2; so are conflicting options', async (t) => {
  const p = tempProject({ 'app.py': HEADER + route('/admin/users', 'users'), 'other.json': '[1, 2]' }, t);
  const missing = await runCli(['check', '--baseline', 'nope.json'], p.dir);
  assert.equal(missing.stderr, `flask-guard: baseline ${path.join(p.dir, 'nope.json')}: no such file; write one with --write-baseline\n`);
  assert.equal(missing.code, 2);
  const foreign = await runCli(['check', '--baseline', 'other.json'], p.dir);
  assert.match(foreign.stderr, /other\.json: not a Flask Guard baseline \(write one with --write-baseline\)\n$/);
  assert.equal(foreign.code, 2);
  const both = await runCli(['check', '--baseline', 'other.json', '--write-baseline', 'x.json'], p.dir);
  assert.match(both.stderr, /--write-baseline goes without --baseline and --diff/);
  assert.equal(both.code, 2);
  for (const r of [missing, foreign, both]) {
    assert.equal(r.stdout, '');
    assert.doesNotMatch(r.stderr, STACK_FRAME);
  }
});
