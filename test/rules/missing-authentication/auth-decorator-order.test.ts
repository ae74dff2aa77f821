import rule from '../../../server/src/rules/missing-authentication/auth-decorator-order';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsFor } from '../../helpers/engine';
import { findingLines } from '../../helpers/findings';
import { ruleTester } from '../rule-tester';

const HEAD = 'from flask import Flask, Blueprint\nfrom flask_login import login_required\n\napp = Flask(__name__)\n';

ruleTester(rule, {
  valid: [
    { code: HEAD + "\n@app.route('/billing')\n@login_required\ndef billing():\n    return {}\n", name: 'auth decorator below the route decorator' },
    {
      code: HEAD + "from flask_caching import Cache\ncache = Cache(app)\n\n@cache.cached(timeout=60)\n@app.route('/prices')\ndef prices():\n    return {}\n",
      name: 'a caching decorator above the route is not an auth decorator',
    },
    { code: HEAD + "\n@app.route('/billing')\ndef billing():\n    return {}\n", name: 'no auth decorator at all (FG101/FG102 business)' },
    { code: HEAD + "\n@login_required\ndef helper():\n    return {}\n", name: 'not a route' },
  ],
  invalid: [
    {
      code: { 'security.py': "from flask_login import login_required\nfrom flask_security import roles_required\n\n\ndef admin_only(f):\n    return login_required(roles_required('admin')(f))\n", 'views.py': "from flask import Blueprint\nimport security as sec\n\nbp = Blueprint('contacts', __name__)\n\n\n@sec.admin_only\n@bp.post('/purge')\ndef purge():\n    return ''\n" },
      errors: [{ file: 'views.py', line: 9, message: '`@sec.admin_only` sits above the route decorator' }],
      name: 'a project decorator composed of login_required and a role check, imported as a module attribute, above the route',
    },
    {
      code: HEAD + "\n@login_required\n@app.route('/billing')\ndef billing():\n    return {}\n",
      errors: [{ line: 8, column: 5, message: '`@login_required` sits above the route decorator: Flask registers the undecorated view, so `/billing` is open' }],
      output: HEAD + "\n@app.route('/billing')\n@login_required\ndef billing():\n    return {}\n",
    },
    {
      code: HEAD + "from flask_security import roles_required, auth_required\n\n@roles_required('admin')\n@app.route('/admin')\n@auth_required()\ndef admin():\n    return {}\n",
      errors: [{ line: 10, message: "`@roles_required('admin')`" }],
      output: HEAD + "from flask_security import roles_required, auth_required\n\n@app.route('/admin')\n@auth_required()\n@roles_required('admin')\ndef admin():\n    return {}\n",
      name: 'a role decorator above the route',
    },
    {
      code: HEAD + "from flask_jwt_extended import jwt_required\n\nbp = Blueprint('api', __name__, url_prefix='/api')\n\n@jwt_required()\n@bp.get('/users')\ndef users():\n    return []\n",
      errors: [{ line: 11, message: '`/api/users` is open' }],
      output: HEAD + "from flask_jwt_extended import jwt_required\n\nbp = Blueprint('api', __name__, url_prefix='/api')\n\n@bp.get('/users')\n@jwt_required()\ndef users():\n    return []\n",
      name: 'blueprint route, call-form decorator',
    },
    {
      code: HEAD + "\nclass Views:\n    @login_required\n    @app.route('/account')\n    def account(self):\n        return {}\n",
      errors: [{ line: 9, column: 9 }],
      output: HEAD + "\nclass Views:\n    @app.route('/account')\n    @login_required\n    def account(self):\n        return {}\n",
      name: 'indented definition keeps its indentation',
    },
  ],
});

test('FG107 is reported instead of FG101/FG102 for the same route', async () => {
  const code = HEAD + "\n@login_required\n@app.route('/admin/users')\ndef users():\n    return []\n";
  assert.deepEqual(await findingLines(code, ['FG101', 'FG102', 'FG107']), ['app.py:8 FG107']);
});

test('FG107 does not call a route open when the same decorator also sits below the route decorator', async () => {
  const code = HEAD + "\n@login_required\n@app.route('/billing')\n@login_required\ndef billing():\n    return {}\n";
  const found = (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG107');
  assert.ok(found.every((f) => !/is open/.test(f.message)), found.map((f) => f.message).join('\n'));
});
