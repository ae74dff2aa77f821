/** `check --fix`, `--unsafe-fixes` and `--diff`: FG105's fix is safe, FG101's changes behaviour. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli';
import { STACK_FRAME, tempProject } from '../helpers/project';

const APP = [
  'from flask import Flask',
  'from flask_login import login_required',
  '',
  'app = Flask(__name__)',
  '',
  '',
  "@app.route('/admin/users')",
  'def users():',
  '    return []',
  '',
  '',
  "if __name__ == '__main__':",
  "    app.run(host='0.0.0.0', debug=True)",
  '',
].join('\n');

const SAFE_FIXED = 'import os\n' + APP.replace('debug=True', "debug=os.environ.get('FLASK_DEBUG') == '1'");
const ALL_FIXED = SAFE_FIXED.replace("@app.route('/admin/users')\n", "@app.route('/admin/users')\n@login_required\n");

test('--fix applies only safe fixes (FG105) and reports what is left (FG101)', async (t) => {
  const p = tempProject({ 'app.py': APP }, t);
  const run = await runCli(['check', '--fix'], p.dir);
  assert.equal(p.read('app.py'), SAFE_FIXED);
  assert.equal(run.stderr, 'flask-guard: fixed 1 file\n');
  assert.match(run.stdout, /^app\.py:9:5: FG101 /m);
  assert.doesNotMatch(run.stdout, /FG105/);
  assert.equal(run.code, 1, 'the unsafe finding remains');
});

test('--fix --unsafe-fixes also adds the auth decorator; nothing is left', async (t) => {
  const p = tempProject({ 'app.py': APP }, t);
  const run = await runCli(['check', '--fix', '--unsafe-fixes'], p.dir);
  assert.equal(p.read('app.py'), ALL_FIXED);
  assert.match(run.stdout, /^No findings\./);
  assert.equal(run.code, 0);
  // A second run finds nothing to fix: fixes converge.
  const again = await runCli(['check', '--fix', '--unsafe-fixes'], p.dir);
  assert.equal(again.stderr, 'flask-guard: fixed 0 files\n');
  assert.equal(p.read('app.py'), ALL_FIXED);
});

test('--diff prints a unified diff of the safe fixes and writes nothing', async (t) => {
  const p = tempProject({ 'app.py': APP }, t);
  const run = await runCli(['check', '--diff'], p.dir);
  assert.equal(p.read('app.py'), APP, 'the file is untouched');
  assert.match(run.stdout, /^--- a\/app\.py\n\+\+\+ b\/app\.py\n/m);
  assert.match(run.stdout, /^\+import os$/m);
  assert.match(run.stdout, /^-    app\.run\(host='0\.0\.0\.0', debug=True\)$/m);
  assert.match(run.stdout, /^\+    app\.run\(host='0\.0\.0\.0', debug=os\.environ\.get\('FLASK_DEBUG'\) == '1'\)$/m);
  assert.doesNotMatch(run.stdout, /^\+@login_required/m, 'no unsafe fix in a plain --diff');
  assert.equal(run.code, 1, 'a diff means there is something to fix');
});

test('--diff --unsafe-fixes shows the auth decorator too', async (t) => {
  const p = tempProject({ 'app.py': APP }, t);
  const run = await runCli(['check', '--diff', '--unsafe-fixes'], p.dir);
  assert.match(run.stdout, /^\+@login_required$/m);
  assert.equal(p.read('app.py'), APP);
});

test('--diff with nothing to fix prints nothing and exits 0', async (t) => {
  const p = tempProject({ 'app.py': APP.replace("    app.run(host='0.0.0.0', debug=True)", '    app.run()') }, t);
  const run = await runCli(['check', '--diff'], p.dir);
  assert.equal(run.stdout, '');
  assert.equal(run.code, 0);
});

test('fixes never leave a stack trace, even on a file that does not parse', async (t) => {
  const p = tempProject({ 'app.py': APP + '\ndef broken(:\n' }, t);
  const run = await runCli(['check', '--fix', '--unsafe-fixes'], p.dir);
  assert.doesNotMatch(run.stderr, STACK_FRAME);
  assert.match(p.read('app.py'), /debug=os\.environ\.get/);
});
