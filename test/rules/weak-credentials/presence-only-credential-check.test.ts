import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadPythonParser } from '../../../server/src/analysis/parser';
import { Engine } from '../../../server/src/engine/engine';
import { defaultSettings } from '../../../server/src/engine/settings';
import { ALL_RULES } from '../../../server/src/rules';
import rule from '../../../server/src/rules/weak-credentials/presence-only-credential-check';
import { ruleTester } from '../rule-tester';

const HEAD = "import hmac\nimport os\nfrom functools import wraps\n\nfrom flask import Flask, abort, g, jsonify, request, session\n\napp = Flask(__name__)\nAPI_KEY = os.environ['API_KEY']\n";
// Line of the first statement after HEAD.
const L = 9;

/** `require_priv` tests the header for presence, then asks `claims()` for the privileges the header grants. */
const privileges = (claims: string) =>
  HEAD + `import jwt\n\n\ndef claims():\n    ${claims}\n\n\ndef require_priv(priv):\n    if not request.headers.get('Authorization'):\n        abort(403)\n    if priv not in claims()['privs']:\n        abort(403)\n`;

/** `either_auth` sends requests that carry the key to `key_auth`, whose wrapper runs `test` on it; the rest go to session auth. */
const dispatcher = (test: string) =>
  HEAD +
  `\ndef key_auth(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        key = request.headers.get('X-Service-Key')\n        ${test}\n            abort(401)\n        return view(*args, **kwargs)\n    return wrapper\n\n\ndef either_auth(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        if request.headers.get('X-Service-Key'):\n            return key_auth(view)(*args, **kwargs)\n        if 'user_id' not in session:\n            abort(401)\n        return view(*args, **kwargs)\n    return wrapper\n`;

ruleTester(rule, {
  valid: [
    { code: { 'web/views_test.py': "from flask import Flask, request\n\ndef test_probe():\n    app = Flask(__name__)\n\n    @app.route('/probe')\n    def probe():\n        if request.headers.get('X-API-Key'):\n            return 'ok'\n        return 'no', 401\n\n    assert app.test_client().get('/probe').status_code == 401\n" }, name: 'a throwaway route built inside a test' },
    { code: HEAD + "import jwt\n\n\ndef bearer(f):\n    @wraps(f)\n    def decorated(*args, **kwargs):\n        auth = request.headers.get('Authorization', '')\n        if not auth.startswith('Bearer ') or len(auth) < 8:\n            abort(401)\n        g.claims = jwt.decode(auth[7:], API_KEY, algorithms=['HS256'])\n        return f(*args, **kwargs)\n    return decorated\n", name: 'a prefix and length test before the token is verified' },
    { code: HEAD + "\n@app.post('/orders')\ndef orders():\n    if not request.headers.get('Idempotency-Key'):\n        return jsonify(error='Idempotency-Key required'), 400\n    if request.headers.get('X-Cache-Key') is None:\n        abort(400)\n    return 'ok'\n", name: 'bookkeeping headers named -Key carry no secret' },
    { code: HEAD + "\n@app.get('/w')\ndef w():\n    if (key := request.headers.get('X-API-Key')) is None:\n        abort(401)\n    if not hmac.compare_digest(key, API_KEY):\n        abort(401)\n    return 'ok'\n", name: 'a walrus-bound key tested for presence, then compared' },
    {
      code: HEAD + "from flask_httpauth import HTTPTokenAuth\nfrom models import User\n\nauth = HTTPTokenAuth(scheme='Bearer')\n\n@auth.verify_token\ndef verify_token(token):\n    if not token:\n        return None\n    return User.query.filter_by(api_token=token).first()\n",
      name: 'a verify_token callback that looks the token up',
    },
    { code: HEAD + "\n@app.get('/r')\ndef r():\n    key = request.headers.get('X-API-Key', '')\n    if len(key) < 1 or not hmac.compare_digest(key, API_KEY):\n        abort(401)\n    return 'ok'\n", name: 'a len() emptiness test before the comparison' },
    { code: HEAD + "\n@app.before_request\ndef need_csrf_header():\n    if 'X-CSRF-Token' not in request.headers:\n        abort(403)\n", name: 'a CSRF header is no credential' },
    { code: HEAD + "\n@app.get('/r')\ndef r():\n    key = request.headers.get('X-API-Key')\n    if not key or not hmac.compare_digest(key, API_KEY):\n        abort(401)\n    return 'ok'\n", name: 'compared after the presence test' },
    { code: HEAD + "KEYS = set(os.getenv('API_KEYS', '').split(','))\n\n@app.get('/r')\ndef r():\n    key = request.headers.get('X-API-Key')\n    if not key or key not in KEYS:\n        abort(401)\n    return 'ok'\n", name: 'membership in the valid keys' },
    { code: HEAD + "from models import ApiKey\nimport hashlib\n\n@app.get('/r')\ndef r():\n    key = request.headers.get('X-API-Key', '')\n    if not key:\n        abort(401)\n    record = ApiKey.query.filter_by(key_hash=hashlib.sha256(key.encode()).hexdigest()).first()\n    if record is None:\n        abort(401)\n    return 'ok'\n", name: 'looked up after the presence test' },
    {
      code: HEAD + "import jwt\nfrom tokens import bearer_token\n\n@app.get('/r')\ndef r():\n    token = bearer_token()\n    if token is None:\n        return jsonify(error='missing'), 401\n    try:\n        g.claims = jwt.decode(token, API_KEY, algorithms=['HS256'])\n    except jwt.InvalidTokenError:\n        abort(401)\n    return 'ok'\n",
      name: 'token from a workspace helper, verified by jwt.decode',
    },
    { code: HEAD + "\ndef bearer():\n    scheme, _, token = request.headers.get('Authorization', '').partition(' ')\n    if scheme.lower() != 'bearer' or not token or ' ' in token:\n        abort(401)\n    return token\n", name: 'a helper that hands the token to its caller' },
    { code: privileges("return jwt.decode(request.headers['Authorization'], API_KEY, algorithms=['HS256'])"), name: 'a helper reads the header again and verifies it' },
    { code: HEAD + "\n@app.get('/r')\ndef r():\n    if 'user_id' not in session:\n        abort(401)\n    return 'ok'\n", name: 'the session is not a request credential' },
    { code: HEAD + "\n@app.get('/r')\ndef r():\n    if not request.headers.get('X-Requested-With'):\n        abort(400)\n    if not request.args.get('keyword'):\n        return jsonify([])\n    return 'ok'\n", name: 'not credentials (whole-word names: keyword is not a key)' },
    { code: HEAD + "\n@app.get('/r')\ndef r():\n    limit = 10\n    if request.headers.get('X-API-Key'):\n        limit = 1000\n    return str(limit)\n", name: 'a presence test that grants nothing' },
    { code: HEAD + "\n@app.get('/r')\ndef r():\n    auth = request.authorization\n    if not auth or not hmac.compare_digest(auth.password or '', API_KEY):\n        abort(401)\n    return 'ok'\n", name: 'request.authorization checked through its password' },
    {
      code: HEAD + "import jwt\n\ndef cookie_gate(view):\n    @wraps(view)\n    def gate(*args, **kwargs):\n        session['jwt'] = request.cookies.get('auth_jwt')\n        if not session.get('jwt'):\n            abort(401)\n        g.claims = jwt.decode(session['jwt'], API_KEY, algorithms=['HS256'])\n        return view(*args, **kwargs)\n    return gate\n",
      name: 'a credential copied into the session and then verified from there',
    },
    {
      code: HEAD + "from flask_jwt_extended import verify_jwt_in_request\n\ndef bearer_only(view):\n    @wraps(view)\n    def inner(*args, **kwargs):\n        if request.headers.get('Authorization') is None:\n            return jsonify(error='no token'), 401\n        verify_jwt_in_request()\n        return view(*args, **kwargs)\n    return inner\n",
      name: 'an early answer before verify_jwt_in_request, which reads the header itself',
    },
    { code: HEAD + "from flask_jwt_extended import jwt_required\n\n@app.get('/profile')\n@jwt_required()\ndef profile():\n    if not request.headers.get('Authorization'):\n        abort(401)\n    return 'ok'\n", name: 'a view whose authentication decorator already verified the header' },
    {
      code: HEAD + "\n@app.post('/signup')\ndef signup():\n    pw = request.form.get('password')\n    again = request.form.get('password_again')\n    if not pw or not again:\n        return 'both fields are needed', 400\n    if again != pw:\n        return 'the passwords differ', 400\n    return 'created'\n",
      name: 'a sign-up form: the repeated password is compared with the first one',
    },
    { code: dispatcher('if not key or not hmac.compare_digest(key, API_KEY):'), name: 'a presence test that picks which decorator checks the credential: its wrapper compares it' },
    { code: HEAD + "\n@app.get('/connect/done')\ndef connect_done():\n    token = request.args.get('access_token')\n    if not token:\n        abort(400)\n    session['access_token'] = token\n    return 'connected'\n", name: 'a token kept in the session for later requests: whoever reads it there may check it' },
    { code: HEAD + "\ndef needs_fields(view):\n    @wraps(view)\n    def checked(*args, **kwargs):\n        body = request.get_json(silent=True) or {}\n        if not body.get('handle') or not body.get('password'):\n            return jsonify(error='handle and password are required'), 400\n        return view(*args, **kwargs)\n    return checked\n", name: "a decorator requiring the body's password field before the view runs: input validation, the view does the account's work" },
  ],
  invalid: [
    {
      code: HEAD + "\ndef needs_token(view):\n    @wraps(view)\n    def checked(*args, **kwargs):\n        body = request.get_json(silent=True) or {}\n        if not body.get('access_token'):\n            abort(401)\n        return view(*args, **kwargs)\n    return checked\n\n\ndef needs_password(view):\n    @wraps(view)\n    def checked(*args, **kwargs):\n        if not request.form.get('password'):\n            abort(401)\n        return 'no view runs'\n    return checked\n\n@app.post('/door')\ndef door():\n    if not request.form.get('password'):\n        abort(401)\n    session['inside'] = True\n    return 'welcome'\n",
      errors: [{ line: L + 5, column: 12 }, { line: L + 14, column: 12 }, { line: L + 21, column: 8 }],
      name: "a body token required by a wrapper, and body passwords tested where no wrapped view runs after",
    },
    { code: "from functools import wraps\n\nfrom flask import abort, g, request\n\ndef basic_guard(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        creds = request.authorization\n        if not creds or not creds.username or not creds.password:\n            abort(401)\n        g.user = creds.username\n        return view(*args, **kwargs)\n    return wrapper\n", errors: [{ line: 9, column: 12 }], name: 'the Basic credentials and their password tested in one condition: one finding' },
    { code: { 'examples/demo_app.py': "from flask import Flask, request\n\napp = Flask(__name__)\n\n@app.route('/hook', methods=['POST'])\ndef hook():\n    if request.headers.get('X-API-Key'):\n        return 'accepted'\n    return 'no', 401\n" }, errors: [{ line: 7, file: 'examples/demo_app.py' }], name: 'an example app ships as code users copy: still checked' },
    { code: HEAD + "\ndef bearer_present(f):\n    @wraps(f)\n    def decorated(*args, **kwargs):\n        auth = request.headers.get('Authorization', '')\n        if auth.startswith('Bearer ') and len(auth) > 7:\n            return f(*args, **kwargs)\n        return jsonify(message='Unauthorized'), 401\n    return decorated\n\n@app.get('/k')\ndef k():\n    if not request.headers.get('X-API-Key', '').startswith(('sk_live_', 'sk_test_')):\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 5, column: 12, message: '(the `Authorization` header)' }, { line: L + 12, message: 'The `X-API-Key` header' }], name: 'a prefix or length test (startswith, len > n) that any value so shaped passes' },
    { code: HEAD + "\n@app.post('/upload')\ndef upload():\n    if not request.headers.get('X-Upload-Key'):\n        abort(401)\n    return 'saved'\n", errors: [{ line: L + 3, column: 8, message: 'The `X-Upload-Key` header is only checked for presence' }], name: 'a header named -Key is a credential whatever qualifies it' },
    { code: HEAD + "\n@app.get('/w')\ndef w():\n    if not (key := request.headers.get('X-API-Key')):\n        return jsonify(error='missing key'), 401\n    return jsonify(key_prefix=key[:4])\n", errors: [{ line: L + 3, column: 8 }], name: 'a walrus-bound key tested for presence only' },
    { code: HEAD + "\n@app.post('/hooks/shopify')\ndef shopify():\n    if request.headers.get('X-Shopify-Hmac-Sha256'):\n        return '', 204\n    abort(401)\n", errors: [{ line: L + 3, column: 8 }], name: 'a signature header named after its HMAC algorithm' },
    {
      code: HEAD + "\n@app.post('/upload')\ndef upload():\n    token = request.headers.get('X-Upload-Token', '')\n    if len(token) == 0:\n        abort(401)\n    return 'stored'\n",
      errors: [{ line: L + 4, column: 8 }],
      name: 'an emptiness test written with len()',
    },
    {
      code: HEAD + "from flask_httpauth import HTTPTokenAuth\n\nauth = HTTPTokenAuth(scheme='Bearer')\n\n@auth.verify_token\ndef verify_token(token):\n    if token:\n        return 'api-user'\n    return None\n",
      errors: [{ line: L + 6, column: 8 }],
      name: 'a Flask-HTTPAuth verify_token callback that accepts any token',
    },
    {
      code: HEAD + "\n_UNSET = object()\n\n@app.get('/reports')\ndef reports():\n    key = request.headers.get('X-API-Key', _UNSET)\n    if key == _UNSET:\n        abort(401)\n    return jsonify([])\n",
      errors: [{ line: L + 6, column: 8 }],
      name: 'a key refused only when it equals a named absent marker (`_UNSET = object()`)',
    },
    {
      code: HEAD + "\n@app.get('/notes')\ndef notes():\n    token = request.headers.get('X-Auth-Token')\n    if token in (None, '', 'null'):\n        abort(401)\n    return jsonify([])\n",
      errors: [{ line: L + 4, column: 8 }],
      name: "a token refused only when absent or 'null' (what a front end sends for none)",
    },
    {
      code: HEAD + "\n@app.get('/notes')\ndef notes():\n    token = request.headers.get('X-Auth-Token')\n    if token is None or token == 'undefined':\n        abort(401)\n    return jsonify([])\n",
      errors: [{ line: L + 4, column: 8 }],
      name: 'two presence tests of one token in one condition: reported once',
    },
    {
      code: HEAD + "\n@app.get('/reports')\ndef reports():\n    if request.headers.get('X-API-Key'):\n        return jsonify([])\n    return jsonify(error='forbidden'), 403\n",
      errors: [{ line: L + 3, column: 8, message: 'The `X-API-Key` header is only checked for presence: any value is accepted' }],
    },
    { code: HEAD + "\n@app.get('/m')\ndef m():\n    if 'Authorization' in request.headers:\n        return 'ok'\n    abort(401)\n", errors: [{ line: L + 3, column: 8, message: 'The `Authorization` header' }], name: "'Authorization' in request.headers" },
    { code: HEAD + "\n@app.get('/o')\ndef o():\n    if request.cookies.get('session_token') is not None:\n        return 'ok'\n    abort(401)\n", errors: [{ line: L + 3, message: 'The `session_token` cookie' }], name: 'cookie is not None' },
    { code: HEAD + "\n@app.get('/c')\ndef c():\n    if request.headers.get('X-Service-Key', '') != '':\n        return 'ok'\n    abort(401)\n", errors: [{ line: L + 3 }], name: "!= ''" },
    {
      code: HEAD + "\ndef require_token(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        key = request.headers.get('X-Auth-Token')\n        if key is None:\n            abort(401)\n        return view(*args, **kwargs)\n    return wrapper\n",
      errors: [{ line: L + 5, column: 12, message: '`key` (the `X-Auth-Token` header) is only checked for presence' }],
      name: 'decorator wrapper, through a variable',
    },
    {
      code: privileges("return {'privs': request.headers['Authorization'].split(',')}"),
      errors: [{ line: L + 8, column: 8, message: 'The `Authorization` header is only checked for presence' }],
      name: 'a helper that reads the header again without verifying it',
    },
    {
      code: dispatcher('if key is None:'),
      errors: [{ line: L + 5, column: 12, message: '`key` (the `X-Service-Key` header) is only checked for presence' }, { line: L + 14, column: 12 }],
      name: 'dispatching to a decorator whose wrapper only tests presence too',
    },
    { code: HEAD + "\n@app.get('/b')\ndef b():\n    if not request.authorization:\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 3, column: 8 }], name: 'Basic credentials never checked' },
    {
      code: HEAD + "\ndef cookie_gate(view):\n    @wraps(view)\n    def gate(*args, **kwargs):\n        session['jwt'] = request.cookies.get('auth_jwt')\n        if not session.get('jwt'):\n            abort(401)\n        return view(*args, **kwargs)\n    return gate\n",
      errors: [{ line: L + 5, column: 12, message: 'The `auth_jwt` cookie is only checked for presence' }],
      name: 'a credential copied into the session, then only its presence there tested',
    },
    {
      code: HEAD + "from flask_jwt_extended import jwt_required\n\n@app.get('/feed')\n@jwt_required(optional=True)\ndef feed():\n    if request.headers.get('X-Feed-Token'):\n        return 'private feed'\n    return 'public feed'\n",
      errors: [{ line: L + 5, column: 8, message: 'The `X-Feed-Token` header is only checked for presence' }],
      name: 'an optional-auth decorator verifies nothing',
    },
    { code: HEAD + "\n@app.get('/t')\ndef t():\n    if not request.cookies.get('auth_tok'):\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 3, column: 8, message: 'The `auth_tok` cookie' }], name: 'abbreviated credential names (`tok`)' },
    { code: HEAD + "\n@app.get('/x')\ndef x():\n    if 'X-Auth' not in request.headers or not request.headers.get('apikey') or not request.args.get('api-key'):\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 3, column: 8, message: 'The `X-Auth` header' }, { line: L + 3, column: 43, message: 'The `apikey` header' }, { line: L + 3, column: 80, message: '`api-key`' }], name: 'x-auth, apikey and api-key' },
  ],
});

test('FG201 a project checked out under a folder named test is not test code', async () => {
  const root = path.resolve('/home/me/test/shop');
  const engine = new Engine(await loadPythonParser(), root, ALL_RULES, defaultSettings());
  engine.setFile(path.join(root, 'app.py'), "from flask import Flask, request\n\napp = Flask(__name__)\n\n@app.route('/hook')\ndef hook():\n    if request.headers.get('X-API-Key'):\n        return 'ok'\n    return 'no', 401\n", true);
  const found = [...engine.analyze().values()].flat().filter((f) => f.code === 'FG201');
  assert.equal(found.length, 1);
});
