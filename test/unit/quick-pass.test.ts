/**
 * Keystrokes run a quick pass (the edited statements re-checked, the rest
 * kept) and a full pass follows once typing pauses. What a user sees after
 * each, on the edited file and on the files around it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { engineFor, locate, ROOT } from '../helpers/engine';
import type { Engine } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/rules/types';

const APP = [
  'from flask import Flask, request',
  'app = Flask(__name__)',
  '',
  "@app.route('/admin/users')",
  'def users():',
  "    return 'users'",
  '',
  "@app.route('/admin/delete/<int:id>', methods=['POST'])",
  'def delete(id):',
  "    return 'deleted'",
  '',
].join('\n');

/** `FG101@5`: each finding of one file, with its 1-based line. */
const codes = (engine: Engine, results: Map<string, Finding[]>, name: string) =>
  locate(engine, results).filter((f) => f.name === name).map((f) => `${f.code}@${f.line}`);

function type(engine: Engine, name: string, after: string, text: string) {
  const file = path.join(ROOT, name);
  const at = engine.workspace.get(file)!.source.text.indexOf(after) + after.length;
  engine.editFile(file, [{ start: at, end: at, text }]);
}

test('typing in one view keeps the findings of the others, moved with their lines', async () => {
  const engine = await engineFor({ 'app.py': APP });
  assert.deepEqual(codes(engine, engine.analyze(), 'app.py'), ['FG101@5', 'FG101@9']);
  type(engine, 'app.py', "    return 'users'", '\n    # listing\n');
  const quick = engine.analyze('quick');
  assert.equal(engine.projectStale, true);
  // The edited view's project finding waits for the full pass; the other one moved two lines down.
  assert.deepEqual(codes(engine, quick, 'app.py'), ['FG101@11']);
  assert.deepEqual(codes(engine, engine.analyze('full'), 'app.py'), ['FG101@5', 'FG101@11']);
  assert.equal(engine.projectStale, false);
});

test('a hook added in another module clears the routes it protects at the full pass', async () => {
  const hooks = 'from flask_login import current_user\nfrom flask import abort\nfrom app import app\n\n';
  const engine = await engineFor({ 'app.py': APP, 'hooks.py': hooks });
  assert.deepEqual(codes(engine, engine.analyze(), 'app.py'), ['FG101@5', 'FG101@9']);
  type(engine, 'hooks.py', 'from app import app\n\n', '@app.before_request\ndef guard():\n    if not current_user.is_authenticated:\n        abort(401)\n');
  // The quick pass re-checks the edited module only; app.py keeps its list until typing pauses.
  assert.deepEqual(codes(engine, engine.analyze('quick'), 'app.py'), ['FG101@5', 'FG101@9']);
  assert.deepEqual(codes(engine, engine.analyze('full'), 'app.py'), []);
});

test('a hook typed into the same module clears its routes at the full pass, not at the keystroke', async () => {
  const engine = await engineFor({ 'app.py': APP });
  assert.deepEqual(codes(engine, engine.analyze(), 'app.py'), ['FG101@5', 'FG101@9']);
  type(engine, 'app.py', 'app = Flask(__name__)\n', 'from flask_login import current_user\n@app.before_request\ndef guard():\n    if not current_user.is_authenticated:\n        abort(401)\n');
  // Only the new statements are checked per keystroke; the routes' findings move down with their lines.
  assert.deepEqual(codes(engine, engine.analyze('quick'), 'app.py'), ['FG101@10', 'FG101@14']);
  assert.equal(engine.projectStale, true);
  assert.deepEqual(codes(engine, engine.analyze('full'), 'app.py'), []);
});

test("typing inside a route's body keeps its finding in place, not blinking out until the pause", async () => {
  const engine = await engineFor({ 'app.py': APP });
  assert.deepEqual(codes(engine, engine.analyze(), 'app.py'), ['FG101@5', 'FG101@9']);
  for (const letter of 'abc') {
    type(engine, 'app.py', "    return 'users", letter);
    assert.deepEqual(codes(engine, engine.analyze('quick'), 'app.py'), ['FG101@5', 'FG101@9']);
  }
  // A line added above the finding moves it down with the text.
  type(engine, 'app.py', "@app.route('/admin/users')\n", '\n');
  assert.deepEqual(codes(engine, engine.analyze('quick'), 'app.py'), ['FG101@6', 'FG101@10']);
  // An edit of the very range it marks (the view's name) leaves it to the full pass.
  type(engine, 'app.py', 'def users', 'X');
  assert.deepEqual(codes(engine, engine.analyze('quick'), 'app.py'), ['FG101@10']);
  assert.deepEqual(codes(engine, engine.analyze('full'), 'app.py'), ['FG101@6', 'FG101@10']);
});

test('the full pass after an edit inside a helper re-judges the views that call it (in another file)', async () => {
  const helper = "def check_token():\n    if not valid():\n        raise AuthError()\n\ndef valid():\n    return False\n";
  const views = "from flask import Flask\nfrom helper import check_token\napp = Flask(__name__)\n\n@app.post('/admin/purge')\ndef purge():\n    check_token()\n    return ''\n";
  const engine = await engineFor({ 'helper.py': helper, 'views.py': views });
  assert.deepEqual(codes(engine, engine.analyze(), 'views.py'), []);
  const file = path.join(ROOT, 'helper.py');
  const at = helper.indexOf('raise AuthError()');
  engine.editFile(file, [{ start: at, end: at + 'raise AuthError()'.length, text: 'pass' }]);
  engine.analyze('quick');
  assert.deepEqual(codes(engine, engine.analyze('full'), 'views.py'), ['FG101@6']);
});
