import rule from '../../../server/src/rules/missing-authentication/auth-decorator-order';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/fixes/apply';
import { findingsFor } from '../../helpers/engine';
import { findingLines } from '../../helpers/findings';
import { ruleTester } from '../rule-tester';

const HEAD = 'from flask import Flask, Blueprint\nfrom flask_login import login_required\n\napp = Flask(__name__)\n';
const RESTX = "from flask import Flask\nfrom flask_restx import Api, Namespace, Resource\nfrom flask_jwt_extended import jwt_required\n\napp = Flask(__name__)\napi = Api(app)\nns = Namespace('items')\napi.add_namespace(ns)\n";
const SMOREST = "from flask import Flask\nfrom flask.views import MethodView\nfrom flask_smorest import Api, Blueprint\nfrom flask_login import login_required\n\napp = Flask(__name__)\napi = Api(app)\nblp = Blueprint('pets', __name__, url_prefix='/pets')\n";

ruleTester(rule, {
  valid: [
    { code: { 'tests/test_order.py': "from flask import Flask\nfrom flask_login import login_required\n\n\ndef test_decorator_order_is_a_trap():\n    app = Flask(__name__)\n\n    @login_required\n    @app.route('/users/delete', methods=['POST'])\n    def delete_user():\n        return ''\n\n    assert app.test_client().post('/users/delete').status_code == 200\n" }, name: 'a test that shows the wrong order on purpose' },
    { code: HEAD + "\n@app.route('/billing')\n@login_required\ndef billing():\n    return {}\n", name: 'auth decorator below the route decorator' },
    {
      code: HEAD + "from flask_caching import Cache\ncache = Cache(app)\n\n@cache.cached(timeout=60)\n@app.route('/prices')\ndef prices():\n    return {}\n",
      name: 'a caching decorator above the route is not an auth decorator',
    },
    { code: HEAD + "\n@app.route('/billing')\ndef billing():\n    return {}\n", name: 'no auth decorator at all (FG101/FG102 business)' },
    { code: HEAD + "\n@login_required\ndef helper():\n    return {}\n", name: 'not a route' },
    { code: RESTX + "\n@ns.route('/items')\nclass Items(Resource):\n    method_decorators = [jwt_required()]\n\n    def get(self):\n        return []\n", name: 'RESTX Resource guarded by method_decorators under the class route' },
    { code: RESTX + "\n@ns.doc(security='jwt')\n@ns.route('/items')\nclass Items(Resource):\n    @jwt_required()\n    def get(self):\n        return []\n", name: 'a documentation decorator above a class route, auth on the handler' },
    { code: SMOREST + "\n@blp.route('/')\nclass Pets(MethodView):\n    decorators = [login_required]\n\n    def get(self):\n        return []\n", name: 'smorest MethodView guarded by its decorators list' },
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
    {
      code: RESTX + "\n@jwt_required()\n@ns.route('/items')\nclass Items(Resource):\n    def get(self):\n        return []\n",
      errors: [{ line: 13, column: 9, message: '`@jwt_required()` sits above the route decorator: Flask registers the undecorated view, so `/items/items` is open' }],
      output: RESTX + "\n@ns.route('/items')\nclass Items(Resource):\n    @jwt_required()\n    def get(self):\n        return []\n",
      name: 'RESTX: an auth decorator above the class route decorator; the fix decorates the handler',
    },
    {
      code: SMOREST + "\n@login_required\n@blp.route('/')\nclass Pets(MethodView):\n    @blp.response(200)\n    def get(self):\n        return []\n",
      errors: [{ line: 14, message: '`/pets/` is open' }],
      output: SMOREST + "\n@blp.route('/')\nclass Pets(MethodView):\n    @blp.response(200)\n    @login_required\n    def get(self):\n        return []\n",
      name: 'smorest: login_required above @blp.route on a MethodView',
    },
    {
      code: SMOREST + "\nclass Base(MethodView):\n    def get(self):\n        return []\n\n\n@login_required\n@blp.route('/')\nclass Pets(Base):\n    pass\n",
      errors: [{ line: 11, message: '`/pets/` is open' }],
      output: SMOREST + "\nclass Base(MethodView):\n    def get(self):\n        return []\n\n\n@login_required\n@blp.route('/')\nclass Pets(Base):\n    pass\n",
      name: 'an inherited handler: no fix, decorating it would change the other subclasses',
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

test('FG107 on a class route: each handler is reported, and one fix decorates them all', async () => {
  const code = RESTX + "\n@jwt_required()\n@ns.route('/items')\nclass Items(Resource):\n    def get(self):\n        return []\n\n    def post(self):\n        return {}\n";
  assert.deepEqual(await findingLines(code, ['FG101', 'FG102', 'FG107']), ['app.py:13 FG107', 'app.py:16 FG107']);
  const [first] = (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG107');
  const fixed = applyEdits(code, first!.fixes[0]!.edits);
  assert.equal(fixed, RESTX + "\n@ns.route('/items')\nclass Items(Resource):\n    @jwt_required()\n    def get(self):\n        return []\n\n    @jwt_required()\n    def post(self):\n        return {}\n");
});

// A project decorator that sets `method_decorators` on the class it is given and returns that class changes what the
// route registered, so above the route it still guards it (RESTX reads the attribute on every request).
test('FG107: a project class decorator that returns the class it changed guards it from above the route', async () => {
  const code =
    "from flask_restx import Namespace as BaseNamespace, Resource\nfrom flask_login import login_required as plain_login_required\n\n\nclass Namespace(BaseNamespace):\n    def login_required(self, scopes):\n        def decorator(target):\n            if isinstance(target, type):\n                target.method_decorators = [plain_login_required]\n                return target\n            return plain_login_required(target)\n        return decorator\n\n\nns = Namespace('vault')\n\n\n@ns.login_required(scopes=['vault:read'])\n@ns.route('/secrets')\nclass Secrets(Resource):\n    def delete(self):\n        return ''\n";
  assert.deepEqual(await findingLines(code, ['FG101', 'FG102', 'FG107']), []);
});

test('stacked route decorators under a misplaced auth decorator register one view: one finding naming both rules', async () => {
  const code = HEAD + "\n\n@login_required\n@app.post('/post/<int:pid>/pin')\n@app.post('/post/<int:pid>/unpin')\ndef toggle_pin(pid):\n    return ''\n";
  const findings = (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG107');
  assert.deepEqual(findings.map((f) => f.message), ['`@login_required` sits above the route decorator: Flask registers the undecorated view, so `/post/<int:pid>/pin`, `/post/<int:pid>/unpin` are open']);
});
