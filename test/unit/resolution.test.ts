/** Name resolution across imports: what a name in a module stands for. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { engineFor, ROOT } from '../helpers/engine';
import { findingLines } from '../helpers/findings';

async function resolve(files: Record<string, string>, file: string, name: string) {
  const engine = await engineFor(files);
  const indexed = engine.workspace.get(path.join(ROOT, file))!;
  return engine.workspace.resolveDotted(indexed, name);
}

test('`from flask import *` binds the names Flask exports (session, request...), and only those', async () => {
  const files = { 'app.py': "from flask import *\n\napp = Flask(__name__)\n" };
  assert.deepEqual(await resolve(files, 'app.py', 'session'), { kind: 'external', qualified: 'flask.session' });
  assert.deepEqual(await resolve(files, 'app.py', 'request.headers'), { kind: 'external', qualified: 'flask.request.headers' });
  assert.equal(await resolve(files, 'app.py', 'db'), undefined);
});

test('a star import from a workspace module still wins over one from Flask', async () => {
  const files = { 'app.py': "from flask import *\nfrom helpers import *\n", 'helpers.py': "def redirect(url):\n    return url\n" };
  assert.equal((await resolve(files, 'app.py', 'redirect'))?.kind, 'function');
});

test('a class attribute: `UserDto.api` is the value assigned in the class body', async () => {
  const files = { 'dto.py': "class UserDto:\n    api = 'user'\n\n    def get(self):\n        return 1\n\n\napi = 'module'\n" };
  const binding = await resolve(files, 'dto.py', 'UserDto.api');
  assert.equal(binding?.kind === 'value' && binding.fact.value.text, "'user'");
});

// Beginner apps start with `from flask import *`: their cookie sessions are still sessions.
test('FG304 in an app that imports Flask with a star', async () => {
  const code =
    "from flask import *\n\napp = Flask(__name__)\napp.secret_key = os.environ['SECRET_KEY']\n\n\n@app.route('/login', methods=['POST'])\ndef login():\n    session['user_id'] = check(request.form['user'], request.form['password'])\n    return redirect(url_for('notes'))\n\n\n" +
    "@app.route('/notes', methods=['POST'])\ndef notes():\n    if 'user_id' not in session:\n        return redirect(url_for('login'))\n    return save(request.form['text'])\n";
  assert.deepEqual(await findingLines(code, ['FG304']), ['app.py:3 FG304']);
});

test('a module in a namespace package (a folder without `__init__.py`): `from app.www import auth`', async () => {
  const files = { 'app/www/auth.py': "def has_access(f):\n    return f\n", 'app/www/views.py': "from app.www import auth\nfrom . import auth as local_auth\n" };
  assert.equal((await resolve(files, 'app/www/views.py', 'auth.has_access'))?.kind, 'function');
  assert.equal((await resolve(files, 'app/www/views.py', 'local_auth.has_access'))?.kind, 'function');
  assert.deepEqual(await resolve(files, 'app/www/views.py', 'missing'), undefined);
});

test('`self.<name>` in a method: the class method, or what a method assigns to the instance attribute', async () => {
  const files = { 'server.py': "import flask\n\n\nclass Server:\n    def __init__(self):\n        self.app = flask.Flask(__name__)\n\n    def handler(self):\n        return self.app\n" };
  const engine = await engineFor(files);
  const file = engine.workspace.get(path.join(ROOT, 'server.py'))!;
  const handler = file.facts.functions.find((f) => f.name === 'handler')!;
  const app = engine.workspace.resolveDotted(file, 'self.app', handler);
  assert.equal(app?.kind === 'value' && app.fact.value.text, 'flask.Flask(__name__)');
  assert.equal(engine.workspace.resolveDotted(file, 'self.handler', handler)?.kind, 'function');
});

test('an instance that shadows its class (`MainModel = MainModel()`) has the class\'s methods', async () => {
  const files = {
    'models.py': 'class MainModel:\n    def login_check(self):\n        return 1\n',
    'views.py': 'from models import MainModel\n\nMainModel = MainModel()\n',
  };
  const method = await resolve(files, 'views.py', 'MainModel.login_check');
  assert.equal(method?.kind === 'function' && method.fact.qualname, 'MainModel.login_check');
});

test('`from __main__ import app` names the script that imports the module and runs as `__main__`', async () => {
  // Found on real code (a shop's back office): the script builds the app, then imports one module per page.
  const files = {
    'app.py': "from flask import Flask\n\napp = Flask(__name__)\n\nimport pages\n\nif __name__ == '__main__':\n    app.run()\n",
    'pages.py': "from __main__ import app\n\n\n@app.route('/products/delete', methods=['POST'])\ndef delete_product():\n    return 'deleted'\n",
    'orphan.py': 'from __main__ import app\n',
    'tool.py': "import pages\n",
  };
  const app = await resolve(files, 'pages.py', 'app');
  assert.equal(app?.kind === 'value' && app.file.path, path.join(ROOT, 'app.py'));
  // No script with a main block imports it, and a module that imports it without one is no `__main__`.
  assert.equal((await resolve(files, 'orphan.py', 'app'))?.kind, 'external');
  assert.deepEqual(await findingLines(files, ['FG101']), ['pages.py:5 FG101']);
});

test('`from __init__ import app` names the package file itself, at the root or under a package', async () => {
  const files = {
    '__init__.py': 'from flask import Flask\n\napp = Flask(__name__)\n',
    'main.py': 'from __init__ import app\n',
    'shop/__init__.py': 'db = object()\n',
    'shop/models.py': 'from shop.__init__ import db\n',
  };
  const app = await resolve(files, 'main.py', 'app');
  assert.equal(app?.kind === 'value' && app.file.path, path.join(ROOT, '__init__.py'));
  const db = await resolve(files, 'shop/models.py', 'db');
  assert.equal(db?.kind === 'value' && db.file.path, path.join(ROOT, 'shop/__init__.py'));
});
