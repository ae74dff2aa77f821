import rule from '../../../server/src/rules/missing-authentication/authorization-without-authentication';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingLines } from '../../helpers/findings';
import { insertAbove } from '../../helpers/snippets';
import { ruleTester } from '../rule-tester';

const HEAD = "from flask import Flask, abort\nfrom flask_login import login_required, current_user\nfrom flask_security import auth_required, roles_required, roles_accepted, permission_required, permissions_required\n\napp = Flask(__name__)\n";

// With Flask-Security imported and no auth decorator in use, the fix adds `@auth_required()` above the role check.
const ROLES_ACCEPTED = HEAD + "\n@app.route('/reports')\n@roles_accepted('analyst', 'admin')\ndef reports():\n    return []\n";
const PERMISSION = HEAD + "\n@app.route('/reports')\n@permission_required('read')\ndef reports():\n    return []\n";
const PERMISSIONS = HEAD + "\n@app.route('/reports')\n@permissions_required('read')\ndef reports():\n    return []\n";
const SENSITIVE_ROLE = HEAD + "\n@app.route('/admin/reports')\n@roles_required('admin')\ndef reports():\n    return []\n";

ruleTester(rule, {
  valid: [
    { code: { 'testing/fixtures.py': "from flask import Flask\nfrom flask_security import roles_required\n\n\ndef make_app():\n    app = Flask(__name__)\n\n    @app.route('/admin/roles')\n    @roles_required('admin')\n    def roles():\n        return ''\n\n    return app\n" }, name: 'a test helper under testing/ builds its own app' },
    { code: HEAD + "\n@app.route('/reports')\n@login_required\n@roles_required('analyst')\ndef reports():\n    return []\n", name: 'login_required before the role check' },
    { code: HEAD + "\n@app.route('/reports')\n@auth_required()\n@roles_accepted('analyst', 'admin')\ndef reports():\n    return []\n", name: 'auth_required() before roles_accepted' },
    { code: HEAD + "\n@app.route('/reports')\n@login_required\ndef reports():\n    return []\n", name: 'authentication only' },
    { code: HEAD + "\n@app.route('/reports')\n@roles_required('analyst')\ndef reports():\n    if not current_user.is_authenticated:\n        abort(401)\n    return []\n", name: 'a check at the top of the view' },
    {
      code: { 'guards.py': "from functools import wraps\nfrom flask import abort\nfrom flask_jwt_extended import get_jwt, verify_jwt_in_request\n\n\ndef roles_required(*allowed):\n    def outer(fn):\n        @wraps(fn)\n        def inner(*args, **kwargs):\n            verify_jwt_in_request()\n            if get_jwt().get('role') not in allowed:\n                abort(403)\n            return fn(*args, **kwargs)\n        return inner\n    return outer\n", 'views.py': "from flask import Flask\nfrom guards import roles_required\n\napp = Flask(__name__)\n\n\n@app.delete('/staff/<int:sid>')\n@roles_required('hr')\ndef remove_staff(sid):\n    return ''\n" },
      name: "a project's own roles_required that verifies the JWT first authenticates",
    },
    {
      code: { 'guards.py': "from functools import wraps\nfrom flask import abort\nfrom flask_jwt_extended import get_jwt, jwt_required\n\n\ndef roles_required(*allowed):\n    def outer(fn):\n        @wraps(fn)\n        @jwt_required()\n        def inner(*args, **kwargs):\n            if get_jwt().get('role') not in allowed:\n                abort(403)\n            return fn(*args, **kwargs)\n        return inner\n    return outer\n", 'views.py': "from flask import Flask\nfrom guards import roles_required\n\napp = Flask(__name__)\n\n\n@app.delete('/staff/<int:sid>')\n@roles_required('hr')\ndef remove_staff(sid):\n    return ''\n" },
      name: "a project's own roles_required whose wrapper is itself behind @jwt_required()",
    },
    {
      code: { 'guards.py': "from functools import wraps\nimport jwt\nfrom flask import current_app, jsonify, request\n\n\ndef role_required(role):\n    def decorator(f):\n        @wraps(f)\n        def wrapper(*args, **kwargs):\n            header = request.headers.get('Authorization', '')\n            if not header.startswith('Bearer '):\n                return jsonify(message='Missing token'), 401\n            try:\n                payload = jwt.decode(header[7:], current_app.config['SECRET_KEY'], algorithms=['HS256'])\n            except jwt.InvalidTokenError:\n                return jsonify(message='Invalid token'), 401\n            if payload.get('role') != role:\n                return jsonify(message='Forbidden'), 403\n            return f(*args, **kwargs)\n        return wrapper\n    return decorator\n", 'views.py': "from flask import Flask\nfrom guards import role_required\n\napp = Flask(__name__)\n\n\n@app.post('/admin/import')\n@role_required('admin')\ndef import_pets():\n    return {}\n" },
      name: "a project's own role_required that decodes the bearer token itself and answers 401 without one",
    },
    {
      code: "import flask_praetorian\nfrom flask import Flask\nfrom flask_praetorian import roles_accepted\n\napp = Flask(__name__)\nguard = flask_praetorian.Praetorian()\n\n\n@app.get('/audit')\n@roles_accepted('auditor', 'admin')\ndef audit():\n    return []\n\n\n@app.delete('/audit/<int:eid>')\n@flask_praetorian.roles_required('admin')\ndef drop_entry(eid):\n    return ''\n",
      name: "Flask-Praetorian's role decorators read and verify the JWT before the role test",
    },
    {
      code: "from flask import Blueprint\nfrom flask_user import roles_accepted, roles_required\n\nstaff = Blueprint('staff', __name__)\n\n\n@staff.route('/staff/mailing', methods=['GET', 'POST'])\n@roles_required('admin')\ndef mailing():\n    return ''\n\n\n@staff.get('/staff/reports')\n@roles_accepted('admin', 'editor')\ndef reports():\n    return []\n",
      name: "Flask-User's role decorators send anonymous callers to its login page before the role test",
    },
  ],
  invalid: [
    {
      code: { 'perms.py': "from flask_security import roles_accepted\n\n\ndef editors_only(f):\n    return roles_accepted('editor', 'admin')(f)\n", 'views.py': "from flask import Flask\nfrom perms import editors_only\n\napp = Flask(__name__)\n\n\n@app.route('/drafts')\n@editors_only\ndef drafts():\n    return []\n" },
      errors: [{ file: 'views.py', line: 9, message: '`drafts` is only guarded by `@editors_only`' }],
      name: 'a project decorator that only returns the view wrapped by roles_accepted',
    },
    {
      code: { 'perms.py': "from functools import wraps\nfrom flask import abort\nfrom flask_login import current_user\n\n\ndef permission_required(perm):\n    def deco(f):\n        @wraps(f)\n        def wrapper(*a, **kw):\n            if not current_user.can(perm):\n                abort(403)\n            return f(*a, **kw)\n        return wrapper\n    return deco\n", 'views.py': "from flask import Flask\nfrom perms import permission_required\n\napp = Flask(__name__)\n\n\n@app.route('/export')\n@permission_required('export')\ndef export():\n    return []\n" },
      errors: [{ file: 'views.py', line: 9, message: "`export` is only guarded by `@permission_required('export')`" }],
      name: "a project's own permission_required that asks `current_user.can(...)` checks a permission, not a login",
    },
    {
      code: "import flask_praetorian\nfrom flask import Flask\nfrom flask_security import roles_accepted\n\napp = Flask(__name__)\nguard = flask_praetorian.Praetorian()\n\n\n@app.get('/audit')\n@roles_accepted('auditor', 'admin')\ndef audit():\n    return []\n",
      errors: [{ line: 11, message: "`audit` is only guarded by `@roles_accepted('auditor', 'admin')`" }],
      name: "Flask-Security's role decorator stays role-only, whatever else the project imports",
    },
    {
      code: { 'guards.py': "from functools import wraps\nfrom flask import abort\nfrom flask_jwt_extended import get_jwt, verify_jwt_in_request\n\n\ndef roles_required(*allowed):\n    def outer(fn):\n        @wraps(fn)\n        def inner(*args, **kwargs):\n            if get_jwt().get('role') not in allowed:\n                abort(403)\n            return fn(*args, **kwargs)\n        return inner\n    return outer\n", 'views.py': "from flask import Flask\nfrom guards import roles_required\n\napp = Flask(__name__)\n\n\n@app.delete('/staff/<int:sid>')\n@roles_required('hr')\ndef remove_staff(sid):\n    return ''\n" },
      errors: [{ file: 'views.py', line: 9, message: "`remove_staff` is only guarded by `@roles_required('hr')`" }],
      name: "a project's own roles_required that checks the role alone",
    },
    {
      code: { 'guards.py': "from functools import wraps\nfrom flask import jsonify\nfrom flask_jwt_extended import get_jwt\n\n\ndef role_required(role):\n    def decorator(f):\n        @wraps(f)\n        def wrapper(*args, **kwargs):\n            if get_jwt().get('role') != role:\n                return jsonify(message='Unauthorized: wrong role'), 403\n            return f(*args, **kwargs)\n        return wrapper\n    return decorator\n", 'views.py': "from flask import Flask\nfrom guards import role_required\n\napp = Flask(__name__)\n\n\n@app.delete('/shifts/<int:sid>')\n@role_required('manager')\ndef delete_shift(sid):\n    return ''\n" },
      errors: [{ file: 'views.py', line: 9, message: "`delete_shift` is only guarded by `@role_required('manager')`" }],
      name: "a 403 whose message says Unauthorized still only forbids: the role decorator does not authenticate",
    },
    {
      code: HEAD + "\n@app.route('/reports')\n@roles_accepted(\n    'analyst',\n    'admin',\n)\ndef reports():\n    return []\n",
      errors: [{ line: 12, message: '`reports` is only guarded by `@roles_accepted(...)`;' }],
      output: HEAD + "\n@app.route('/reports')\n@auth_required()\n@roles_accepted(\n    'analyst',\n    'admin',\n)\ndef reports():\n    return []\n",
      name: 'a decorator written over several lines is quoted without its arguments',
    },
    {
      code: HEAD + "\n@app.route('/reports')\n@roles_required('analyst')\ndef reports():\n    return []\n",
      errors: [{ line: 9, column: 5, message: "`reports` is only guarded by `@roles_required('analyst')`; add an authentication decorator before the role check" }],
      // Authentication goes above the role check, so it runs first; the project's decorator is not used on any route, so the import decides.
      output: HEAD + "\n@app.route('/reports')\n@auth_required()\n@roles_required('analyst')\ndef reports():\n    return []\n",
    },
    {
      code: HEAD + "analysts = roles_accepted('analyst', 'admin')\n\n@app.route('/reports')\n@analysts\ndef reports():\n    return []\n",
      errors: [{ line: 10, message: '`reports` is only guarded by `@analysts`' }],
      output: HEAD + "analysts = roles_accepted('analyst', 'admin')\n\n@app.route('/reports')\n@auth_required()\n@analysts\ndef reports():\n    return []\n",
      name: 'a role decorator bound to a module-level name is still only a role check',
    },
    { code: ROLES_ACCEPTED, errors: [{ line: 9, message: 'roles_accepted' }], output: insertAbove(ROLES_ACCEPTED, '@auth_required()', '@roles_accepted('), name: 'roles_accepted' },
    { code: PERMISSION, errors: [{ line: 9, message: 'permission_required' }], output: insertAbove(PERMISSION, '@auth_required()', '@permission_required('), name: 'permission_required' },
    { code: PERMISSIONS, errors: [{ line: 9, message: 'permissions_required' }], output: insertAbove(PERMISSIONS, '@auth_required()', '@permissions_required('), name: "Flask-Security's permissions_required" },
    {
      code: HEAD + "\n@app.route('/orders')\n@login_required\ndef orders():\n    return []\n\n@app.route('/reports')\n@roles_required('analyst')\ndef reports():\n    return []\n",
      errors: [{ line: 14 }],
      output: HEAD + "\n@app.route('/orders')\n@login_required\ndef orders():\n    return []\n\n@app.route('/reports')\n@login_required\n@roles_required('analyst')\ndef reports():\n    return []\n",
      name: 'the fix uses the decorator the project already uses',
    },
    {
      code: SENSITIVE_ROLE,
      errors: [{ line: 9 }],
      output: insertAbove(SENSITIVE_ROLE, '@auth_required()', '@roles_required('),
      name: 'a role decorator on a sensitive route is FG104 (and satisfies FG101)',
    },
  ],
});

// The rule means to skip routes a hook authenticates, but the model only weighs hooks for routes no decorator protects.
test('FG104 valid: an app-wide before_request guard authenticates first', async () => {
  const code = HEAD + "\n@app.before_request\ndef guard():\n    if not current_user.is_authenticated:\n        abort(401)\n\n@app.route('/reports')\n@roles_required('analyst')\ndef reports():\n    return []\n";
  assert.deepEqual(await findingLines(code, ['FG104']), []);
});
