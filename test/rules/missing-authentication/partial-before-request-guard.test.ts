import rule from '../../../server/src/rules/missing-authentication/partial-before-request-guard';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/fixes/apply';
import { findingsFor } from '../../helpers/engine';
import { findingLines } from '../../helpers/findings';
import { ruleTester } from '../rule-tester';

const HEAD = "from flask import Blueprint, abort, request\nfrom flask_login import current_user\n\nbp = Blueprint('admin', __name__, url_prefix='/admin')\n";

/** A guard whose first statements (`skip`) run before the identity check. */
function guard(skip: string, routes = USERS): string {
  return HEAD + `\n@bp.before_request\ndef require_login():\n${skip}    if not current_user.is_authenticated:\n        abort(401)\n` + routes;
}

const USERS = "\n@bp.get('/users')\ndef users():\n    return []\n";

const GET_SKIP = "    if request.method == 'GET':\n        return None\n";
const CHECK_INSIDE_METHOD_TEST = HEAD + "\n@bp.before_request\ndef require_login():\n    if request.method in ('GET', 'POST'):\n        if not current_user.is_authenticated:\n            abort(401)\n" + USERS;
const CONSTANT_SKIP = HEAD + "\nSAFE_METHODS = ('GET', 'HEAD', 'OPTIONS')\n\n@bp.before_request\ndef require_login():\n    if request.method in SAFE_METHODS:\n        return\n    if not current_user.is_authenticated:\n        abort(401)\n" + USERS;
const ENDPOINT_LIST = guard("    if request.endpoint in ('admin.login', 'admin.users'):\n        return None\n", USERS + "\n@bp.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'form'\n");
const PATH_PREFIX = guard("    if request.path.startswith('/admin/users'):\n        return None\n");
const APP_WIDE = "from flask import Flask, abort, request\nfrom flask_login import current_user\nfrom admin import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n\n@app.before_request\ndef require_login():\n" + GET_SKIP + "    if not current_user.is_authenticated:\n        abort(401)\n";

/** A guard that waves through the paths `any(...)` finds among its prefixes. */
const ANY_PREFIX = (prefix: string) =>
  guard(`    if any(request.path.startswith(p) for p in ('/admin/login', '${prefix}')):\n        return None\n`, "\n@bp.post('/reports/purge')\ndef purge_reports():\n    return ''\n");

ruleTester(rule, {
  valid: [
    { code: { 'tests/conftest.py': "from flask import Flask, abort, request\n\n\ndef make_app():\n    app = Flask(__name__)\n\n    @app.before_request\n    def only_posts():\n        if request.method != 'POST':\n            return\n        if not request.headers.get('Authorization'):\n            abort(401)\n\n    @app.route('/settings', methods=['GET', 'POST'])\n    def settings():\n        return ''\n\n    return app\n" }, name: 'a guard of a throwaway app in test code' },
    {
      code: "from flask import Flask, abort, request\nfrom flask_login import current_user\n\napp = Flask(__name__)\n\n@app.before_request\ndef backoffice_only():\n    if request.path.startswith('/backoffice') and not current_user.is_authenticated:\n        abort(401)\n\n@app.get('/backoffice/users')\ndef users():\n    return []\n\n@app.post('/export')\ndef export():\n    return ''\n",
      name: 'a hook confined to some paths exempts nothing outside them (an open route there is FG101 alone)',
    },
    {
      code: HEAD + "from flask_login import login_required\n\n@bp.before_request\ndef require_login():\n" + GET_SKIP + "    if not current_user.is_authenticated:\n        abort(401)\n\n@bp.get('/users')\n@login_required\ndef users():\n    return []\n",
      name: 'the skipped method reaches only routes guarded by their own decorator',
    },
    { code: guard(''), name: 'checks every method' },
    { code: guard("    if request.method == 'OPTIONS':\n        return None\n"), name: 'skipping only OPTIONS (CORS preflight) is fine' },
    {
      code: guard("    if request.endpoint in ('admin.login', 'admin.healthz'):\n        return None\n", USERS + "\n@bp.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'form'\n\n@bp.get('/healthz')\ndef healthz():\n    return 'ok'\n"),
      name: 'exempted endpoints are all public by nature',
    },
    {
      code: guard("    if request.method == 'GET':\n        return None\n", "\n@bp.post('/users')\ndef create_user():\n    return ''\n"),
      name: 'the skipped method reaches no route of the blueprint',
    },
    {
      code: HEAD + "\n@bp.before_request\ndef log_request():\n    if request.method == 'GET':\n        return None\n    print(request.path)\n" + USERS,
      name: 'a hook that does not enforce authentication is not a guard',
    },
    {
      code: guard("    if request.endpoint == '{}.login'.format(bp.name):\n        return None\n", USERS + "\n@bp.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'form'\n"),
      name: 'an exempt endpoint spelled from the blueprint name that is public by nature',
    },
    {
      code: guard("    if request.path.startswith('/admin/static'):\n        return None\n", USERS + "\n@bp.get('/static/<path:name>')\ndef assets(name):\n    return name\n"),
      name: 'a path exemption covering only static files',
    },
    {
      code: guard("    if request.endpoint and request.endpoint.startswith('admin.log'):\n        return None\n", USERS + "\n@bp.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'form'\n"),
      name: 'an endpoint-name prefix that covers only the way in',
    },
    {
      code: ANY_PREFIX('/admin/static/'),
      name: 'prefixes a generator tests one by one, covering only the way in and static files',
    },
  ],
  invalid: [
    {
      code: ANY_PREFIX('/admin/reports/'),
      errors: [{ line: 7, message: '`require_login` exempts `/admin/reports/purge` from the authentication check, leaving a sensitive route open' }],
      name: 'prefixes a generator tests one by one (`any(request.path.startswith(p) for p in ...)`) that cover a sensitive route',
    },
    {
      code: guard("    if request.endpoint and request.endpoint.startswith('admin.user'):\n        return None\n"),
      errors: [{ line: 7, message: '`require_login` exempts `/admin/users` from the authentication check, leaving a sensitive route open' }],
      name: 'an endpoint-name prefix (`request.endpoint.startswith(...)`) that covers a sensitive route',
    },
    {
      code: guard(GET_SKIP),
      errors: [{ line: 7, column: 5, message: '`require_login` skips the authentication check for GET requests' }],
      output: guard(''),
      name: 'GET waved through (HEAD still checked: request.method is HEAD then); the fix removes the skip',
    },
    {
      code: CHECK_INSIDE_METHOD_TEST,
      errors: [{ line: 7, message: 'skips the authentication check for HEAD' }],
      output: CHECK_INSIDE_METHOD_TEST,
      name: 'a check that runs for GET and POST only leaves HEAD open (no automatic fix)',
    },
    {
      code: CONSTANT_SKIP,
      errors: [{ line: 9, message: 'GET/HEAD' }],
      output: CONSTANT_SKIP.replace('if request.method in SAFE_METHODS:', "if request.method == 'OPTIONS':"),
      name: 'methods named through a module constant; the fix keeps only the CORS preflight skip',
    },
    {
      code: ENDPOINT_LIST,
      errors: [{ line: 7, message: '`require_login` exempts `/admin/users` from the authentication check, leaving a sensitive route open' }],
      // Its fix output: see the todo test below.
      name: 'an endpoint allow-list that holds a sensitive route',
    },
    {
      code: guard("    if request.endpoint in (f'{bp.name}.login', f'{bp.name}.users'):\n        return None\n", USERS + "\n@bp.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'form'\n"),
      errors: [{ line: 7, message: 'exempts `/admin/users`' }],
      output: guard("    if request.endpoint in (f'{bp.name}.login',):\n        return None\n", USERS + "\n@bp.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'form'\n"),
      name: 'endpoint names written as f-strings over the blueprint name; the fix drops the sensitive one',
    },
    {
      code: PATH_PREFIX,
      errors: [{ line: 7, message: 'exempts `/admin/users`' }],
      output: PATH_PREFIX,
      name: 'a path-prefix exemption over a sensitive route (no automatic fix for a prefix)',
    },
    {
      code: { 'app.py': APP_WIDE, 'admin.py': "from flask import Blueprint\n\nbp = Blueprint('admin', __name__, url_prefix='/admin')\n\n@bp.get('/users')\ndef users():\n    return []\n" },
      errors: [{ line: 9, message: 'for GET requests' }],
      output: APP_WIDE.replace(GET_SKIP, ''),
      name: 'an app-wide guard skipping the method of a blueprint route in another module',
    },
  ],
});

// An allow-list folded into the rejecting condition is the most common way to write this guard.
test('FG103 reads an endpoint allow-list inside the rejecting condition (`endpoint not in PUBLIC and not authenticated`)', async () => {
  const code =
    "from flask import Flask, request\nfrom flask_login import LoginManager, current_user\n\napp = Flask(__name__)\nlogin_manager = LoginManager(app)\nPUBLIC_ENDPOINTS = {'login', 'static', 'export_users'}\n\n\n@app.before_request\ndef guard():\n    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:\n        return login_manager.unauthorized()\n\n\n@app.route('/login')\ndef login():\n    return ''\n\n\n@app.route('/admin/export')\ndef export_users():\n    return []\n";
  assert.deepEqual(await findingLines(code, ['FG101', 'FG103']), ['app.py:10 FG103', 'app.py:21 FG101']);
});

// The table's endpoint case, with the output its fix must have.
test('FG103 endpoint allow-list holding a sensitive route: the fix leaves a one-element tuple, not a string', async () => {
  const found = (await findingsFor({ 'app.py': ENDPOINT_LIST })).filter((f) => f.code === 'FG103');
  assert.equal(applyEdits(ENDPOINT_LIST, found[0]!.fixes[0]!.edits), ENDPOINT_LIST.replace("('admin.login', 'admin.users')", "('admin.login',)"));
});

test('an exemption that another hook still guards leaves nothing open (an app-wide login hook over a blueprint that exempts a path)', async () => {
  const code = "from flask import Flask, Blueprint, abort, redirect, request, session\n\napp = Flask(__name__)\nadmin = Blueprint('admin', __name__, url_prefix='/admin')\n\n\n@app.before_request\ndef require_login():\n    if request.endpoint != 'login' and 'username' not in session:\n        return redirect('/login')\n\n\n@admin.before_request\ndef admin_guard():\n    if request.path.startswith('/admin/public'):\n        return\n    if not session.get('is_admin'):\n        abort(403)\n\n\n@admin.route('/public/users')\ndef users():\n    return ''\n\n\n@app.route('/login')\ndef login():\n    return ''\n\n\napp.register_blueprint(admin)\n";
  assert.deepEqual(await findingLines(code, ['FG101', 'FG103']), []);
  const withoutLogin = code.replace("    if request.endpoint != 'login' and 'username' not in session:\n        return redirect('/login')\n", '    pass\n');
  assert.deepEqual(await findingLines(withoutLogin, ['FG101', 'FG103']), ['app.py:13 FG103', 'app.py:21 FG101']);
});
