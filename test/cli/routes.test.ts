/** `flask-guard routes`: every route with what protects it, so a reviewer can check what the analysis assumed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli';
import { STACK_FRAME, tempProject } from '../helpers/project';

const APP = [
  'import admin',
  'from flask import Flask',
  'from flask_login import login_required',
  '',
  'app = Flask(__name__)',
  'app.register_blueprint(admin.admin_bp)',
  '',
  '',
  "@app.route('/login', methods=['GET', 'POST'])",
  'def login():',
  "    return ''",
  '',
  '',
  "@app.route('/account')",
  '@login_required',
  'def account():',
  "    return ''",
  '',
  '',
  "@app.post('/users/<int:user_id>/delete')",
  'def delete_user(user_id):',
  "    return ''",
  '',
  '',
  "@app.get('/products')",
  'def products():',
  '    return []',
  '',
  '',
  '@login_required',
  "@app.get('/orders')",
  'def orders():',
  '    return []',
  '',
].join('\n');

const ADMIN = [
  'from flask import Blueprint, abort, request',
  'from flask_login import current_user',
  '',
  "admin_bp = Blueprint('admin', __name__, url_prefix='/admin')",
  '',
  '',
  '@admin_bp.before_request',
  'def require_login():',
  "    if request.endpoint == 'admin.export':",
  '        return',
  '    if not current_user.is_authenticated:',
  '        abort(401)',
  '',
  '',
  "@admin_bp.get('/users')",
  'def users():',
  '    return []',
  '',
  '',
  "@admin_bp.get('/export')",
  'def export():',
  '    return {}',
  '',
].join('\n');

test('text: one route a line at its view, with what protects it, then a summary', async (t) => {
  const p = tempProject({ 'app.py': APP, 'admin/__init__.py': ADMIN }, t);
  const run = await runCli(['routes'], p.dir);
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  assert.equal(
    run.stdout,
    [
      'app.py:16:5: GET /account -> account: protected by @login_required',
      // The hook waves its own endpoint through: it protects only `users`.
      'admin/__init__.py:21:5: GET /admin/export -> admin.export: sensitive, and open to anyone (FG101)',
      'admin/__init__.py:16:5: GET /admin/users -> admin.users: protected by the hook require_login() at admin/__init__.py:8',
      'app.py:10:5: GET,POST /login -> login: public: open by design (an entry page, login, sign-up, reset, health or docs) or listed in the public-routes setting',
      'app.py:32:5: GET /orders -> orders: @login_required sits above the route decorator and protects nothing (FG107)',
      'app.py:26:5: GET /products -> products: open to anyone',
      'app.py:21:5: POST /users/<int:user_id>/delete -> delete_user: sensitive, and open to anyone (FG101)',
      '7 routes: 2 protected, 2 sensitive and open (FG101), 2 open, 1 open by design.',
      '',
    ].join('\n'),
  );
});

test('json: the route map with each route standing and its protection, files relative', async (t) => {
  const p = tempProject({ 'app.py': APP, 'admin/__init__.py': ADMIN }, t);
  const run = await runCli(['routes', '--format', 'json'], p.dir);
  assert.equal(run.code, 0);
  const routes = JSON.parse(run.stdout) as { rule: string; standing: string; file: string; protection: { kind: string; name: string; file: string; line: number }[] }[];
  assert.deepEqual(
    routes.map((r) => [r.rule, r.standing, r.file, r.protection.map((x) => `${x.kind} ${x.name} ${x.file}:${x.line}`)]),
    [
      ['/account', 'protected', 'app.py', ['decorator login_required app.py:15']],
      ['/admin/export', 'exposed', 'admin/__init__.py', []],
      ['/admin/users', 'protected', 'admin/__init__.py', ['hook require_login admin/__init__.py:8']],
      ['/login', 'public', 'app.py', []],
      ['/orders', 'open', 'app.py', []],
      ['/products', 'open', 'app.py', []],
      ['/users/<int:user_id>/delete', 'exposed', 'app.py', []],
    ],
  );
});

test('no routes says so; a bad --format or a missing path is a usage error without a stack trace', async (t) => {
  const p = tempProject({ 'lib.py': 'def helper():\n    return 1\n' }, t);
  assert.equal((await runCli(['routes'], p.dir)).stdout, 'No Flask routes found.\n');
  const bad = await runCli(['routes', '--format', 'sarif'], p.dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^flask-guard routes: --format must be text or json \(got "sarif"\)/);
  const missing = await runCli(['routes', 'nowhere/'], p.dir);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'flask-guard: nowhere/: no such file or directory\n');
  assert.doesNotMatch(bad.stderr + missing.stderr, STACK_FRAME);
});

test('a class view guarded by a method that runs before its handlers is named as that method', async (t) => {
  const p = tempProject({
    'app.py': [
      'from flask import Flask, abort',
      'from flask.views import MethodView',
      'from flask_login import current_user',
      '',
      'app = Flask(__name__)',
      '',
      '',
      'class SignedInView(MethodView):',
      '    def dispatch_request(self, *args, **kwargs):',
      '        if not current_user.is_authenticated:',
      '            abort(401)',
      '        return super().dispatch_request(*args, **kwargs)',
      '',
      '',
      'class Accounts(SignedInView):',
      '    def get(self):',
      '        return []',
      '',
      '',
      "app.add_url_rule('/accounts', view_func=Accounts.as_view('accounts'))",
      '',
    ].join('\n'),
  }, t);
  const run = await runCli(['routes'], p.dir);
  assert.equal(run.stdout.split('\n')[0], 'app.py:16:9: GET /accounts -> accounts: protected by a check in SignedInView.dispatch_request() before the handler');
});

test('a class view handler that fails every request is called a stub, not a public page', async (t) => {
  const p = tempProject({
    'app.py': [
      'from flask import Flask',
      'from flask.views import MethodView',
      'from werkzeug.exceptions import MethodNotAllowed',
      '',
      'app = Flask(__name__)',
      '',
      '',
      'class DeleteItem(MethodView):',
      '    def get(self):',
      '        raise MethodNotAllowed()',
      '',
      '',
      "app.add_url_rule('/items/delete', view_func=DeleteItem.as_view('delete_item'))",
      '',
    ].join('\n'),
  }, t);
  const run = await runCli(['routes'], p.dir);
  assert.equal(run.stdout.split('\n')[0], 'app.py:9:9: GET /items/delete -> delete_item: a stub: the handler fails every request, so it opens nothing');
});

test('a protecting decorator written over several lines is named on one line', async (t) => {
  const p = tempProject({
    'app.py': [
      'from flask import Flask',
      'from flask_principal import Permission, RoleNeed',
      '',
      'app = Flask(__name__)',
      '',
      '',
      "@app.post('/reports/purge')",
      '@Permission(',
      "    RoleNeed('admin'),",
      ').require(',
      '    http_exception=403,',
      ')',
      'def purge_reports():',
      "    return ''",
      '',
    ].join('\n'),
  }, t);
  const run = await runCli(['routes'], p.dir);
  assert.equal(run.stdout.split('\n')[0], "app.py:13:5: POST /reports/purge -> purge_reports: protected by @Permission(RoleNeed('admin'),).require(http_exception=403,) (a role or permission check)");
});
