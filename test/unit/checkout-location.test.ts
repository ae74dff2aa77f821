/**
 * Where a project is checked out says nothing of its files: a CI runner's
 * `/builds/tests/...` or a user's `~/config/shop` must not make every file
 * test code or a settings module.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadPythonParser } from '../../server/src/analysis/parser';
import { Engine } from '../../server/src/engine/engine';
import { defaultSettings } from '../../server/src/engine/settings';
import { ALL_RULES } from '../../server/src/rules';
import { failOnRuleError } from '../helpers/engine';

const APP = [
  'from flask import Flask',
  'from flask_login import LoginManager',
  '',
  'app = Flask(__name__)',
  "app.secret_key = 'dev'",
  'LoginManager(app)',
  '',
  "@app.post('/admin/delete_user')",
  'def delete_user():',
  "    return 'ok'",
  '',
  "if __name__ == '__main__':",
  '    app.run(debug=True)',
  '',
].join('\n');

async function codesUnder(root: string, files: Record<string, string>): Promise<string[]> {
  const engine = failOnRuleError(new Engine(await loadPythonParser(), root, ALL_RULES, defaultSettings()));
  for (const [name, text] of Object.entries(files)) engine.setFile(path.join(root, name), text);
  return [...engine.analyze().values()].flat().map((f) => f.code).sort();
}

test('a project checked out under folders named tests or config keeps its findings', async () => {
  const plain = await codesUnder(path.resolve('/work/shop'), { 'app.py': APP });
  assert.ok(['FG101', 'FG105', 'FG209'].every((c) => plain.includes(c)), plain.join(' '));
  assert.deepEqual(await codesUnder(path.resolve('/builds/tests/config/shop'), { 'app.py': APP }), plain);
});

test('test code is still judged below the root', async () => {
  const found = await codesUnder(path.resolve('/work/shop'), { 'tests/app.py': APP });
  assert.deepEqual(found.filter((c) => c === 'FG101' || c === 'FG209'), []);
});

const FACTORY = (body: string) => ['from flask import Flask', '', 'def create_app():', '    app = Flask(__name__)', body, '    return app', ''].join('\n');
const PACKAGE = ['from flask import Blueprint', '', "api = Blueprint('api', __name__)", ''].join('\n');
const HEALTH = [
  'from flask import abort, request',
  'from app.api import api',
  '',
  "@api.post('/testing_post')",
  'def testing_post():',
  "    return 'ok'",
  '',
  "@api.get('/testing_key')",
  'def testing_key():',
  "    if request.headers.get('X-Api-Key') != 'sk-live-31c5':",
  '        abort(401)',
  "    return 'ok'",
  '',
].join('\n');
const PYTEST = ['from flask import Flask', '', 'app = Flask(__name__)', '', "@app.post('/delete_user')", 'def delete_user():', "    return 'ok'", '', 'def test_delete():', "    assert app.test_client().post('/delete_user').status_code == 200", ''].join('\n');
const REGISTER = "    from app.api import api, test_connection\n    app.register_blueprint(api, url_prefix='/api')";

test('a module named like a test that the app imports is app code; a test module nothing imports stays test code', async () => {
  const files = { 'app/__init__.py': FACTORY(REGISTER), 'app/api/__init__.py': PACKAGE, 'app/api/test_connection.py': HEALTH, 'test_app.py': PYTEST };
  assert.deepEqual(await codesUnder(path.resolve('/work/shop'), files), ['FG101', 'FG202', 'FG203']);
  const unimported = { ...files, 'app/__init__.py': FACTORY("    from app.api import api\n    app.register_blueprint(api, url_prefix='/api')") };
  assert.deepEqual(await codesUnder(path.resolve('/work/shop'), unimported), []);
});

test('in the editor, importing a test-named module inside the factory makes it app code, and removing the import makes it test code again', async () => {
  const root = path.resolve('/work/shop');
  const engine = failOnRuleError(new Engine(await loadPythonParser(), root, ALL_RULES, defaultSettings()));
  const factory = path.join(root, 'app/__init__.py');
  const unimported = FACTORY("    from app.api import api\n    app.register_blueprint(api, url_prefix='/api')");
  engine.setFile(factory, unimported, true);
  engine.setFile(path.join(root, 'app/api/__init__.py'), PACKAGE);
  engine.setFile(path.join(root, 'app/api/test_connection.py'), HEALTH);
  const codes = () => [...engine.analyze().values()].flat().map((f) => f.code);
  assert.deepEqual(codes(), []);
  // Typed inside the body: no definition or signature changes, only an import.
  const at = unimported.indexOf('from app.api import api') + 'from app.api import api'.length;
  engine.editFile(factory, [{ start: at, end: at, text: ', test_connection' }]);
  // FG202 is checked statement by statement and kept between passes: the import must reach it.
  assert.deepEqual(codes().sort(), ['FG101', 'FG202', 'FG203']);
  engine.editFile(factory, [{ start: at, end: at + ', test_connection'.length, text: '' }]);
  assert.deepEqual(codes(), []);
});
