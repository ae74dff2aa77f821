import rule from '../../../server/src/rules/weak-credentials/timing-unsafe-comparison';
import { ruleTester } from '../rule-tester';

const HEAD = "import hashlib\nimport hmac\nimport os\n\nfrom flask import Flask, abort, request\n\nfrom models import ApiKey, SessionToken, User\n\napp = Flask(__name__)\nSECRET = os.environ['WEBHOOK_SECRET'].encode()\n";
const L = 11;

ruleTester(rule, {
  valid: [
    { code: HEAD + "\ndef _digest(value):\n    return hashlib.sha256(value.encode()).hexdigest()\n\ndef _same(a, b):\n    return hmac.compare_digest(a, b)\n\n@app.post('/reindex')\ndef reindex():\n    if not _same(_digest(request.headers.get('X-Service-Token', '')), os.environ['TOKEN_SHA256']):\n        abort(401)\n    return 'ok'\n", name: 'a digest handed to a constant-time comparison helper' },
    { code: HEAD + "\ndef hash_key(raw):\n    return hashlib.sha256(raw.encode()).hexdigest()\n\n@app.get('/k')\ndef k():\n    if not hmac.compare_digest(ApiKey.query.first().key_hash, hash_key(request.headers.get('X-Key', ''))):\n        abort(401)\n    record = ApiKey.query.filter(ApiKey.key_hash == hash_key(request.headers.get('X-Key', ''))).first()\n    return 'ok' if record else abort(401)\n", name: 'a hashing helper compared in constant time, or in a query' },
    { code: HEAD + "from sqlalchemy import and_, select\nfrom models import db\n\n@app.get('/k')\ndef k():\n    key = request.headers.get('X-API-Key')\n    record = ApiKey.query.filter(ApiKey.key == key).first()\n    token = request.headers.get('X-Token')\n    user = db.session.scalar(select(User).where(and_(User.token == token, User.active == True)))\n    return 'ok' if record and user else abort(401)\n", name: 'a column compared in a query (filter, where, and_) is a database lookup' },
    { code: HEAD + "from models import db, device, tenant\n\n@app.get('/devices/<int:did>')\ndef device_info(did):\n    supplied = request.headers.get('X-Tenant-Key')\n    row = device.query.join(tenant).filter(tenant.access_key == supplied).filter(device.id == did).first()\n    other = db.session.query(tenant).filter(supplied == tenant.access_key).one_or_none()\n    return 'ok' if row and other else abort(401)\n", name: 'a column of a lower-case model class compared in a query chain (Model.query, session.query) is a database lookup' },
    { code: { 'keys.py': "PARTNER_KEYS = {'acme': 'acme-7f3b9e21', 'globex': 'globex-c0ffee42'}\n\n\ndef key_ok(name, supplied):\n    return PARTNER_KEYS.get(name) == supplied\n", 'app.py': "from flask import Flask, abort, request\n\nfrom keys import key_ok\n\napp = Flask(__name__)\n\n\n@app.get('/partner/<partner>/orders')\ndef orders(partner):\n    if not key_ok(partner, request.headers['Authorization']):\n        abort(401)\n    return 'ok'\n\n\ndef selftest():\n    return key_ok('acme', 'acme-7f3b9e21')\n" }, name: 'a helper called once with the Authorization header and once with a constant: its parameter is not the header' },
    { code: { 'keys.py': "import logging\n\nPARTNER_KEYS = {'acme': 'acme-7f3b9e21'}\nlog = logging.getLogger(__name__)\n\n\ndef key_ok(name, supplied):\n    log.info('partner %s sent %d chars', name, len(supplied))\n    return len(supplied) == 32 and name in PARTNER_KEYS\n", 'app.py': "from flask import Flask, abort, request\n\nfrom keys import key_ok\n\napp = Flask(__name__)\n\n\n@app.get('/partner/<partner>/orders')\ndef orders(partner):\n    if not key_ok(partner, request.headers['Authorization']):\n        abort(401)\n    return 'ok'\n" }, name: 'a helper that only logs and measures the header it is handed' },
    { code: HEAD + "from flask import current_app\n\n\ndef page_size():\n    return current_app.config['PAGE_SIZE']\n\n@app.get('/list')\ndef listing():\n    if request.args.get('limit') != page_size():\n        abort(400)\n    return 'ok'\n", name: 'a request value against what a helper returns that is no secret' },
    { code: HEAD + "\n@app.post('/w')\ndef w():\n    expected = hmac.new(SECRET, request.get_data(), hashlib.sha256).hexdigest()\n    if not hmac.compare_digest(request.headers.get('X-Signature', ''), expected):\n        abort(401)\n    return ''\n", name: 'hmac.compare_digest' },
    { code: HEAD + "import secrets\n\n@app.post('/w')\ndef w():\n    if not secrets.compare_digest(request.headers.get('X-Token', ''), os.environ['T']):\n        abort(401)\n    return ''\n", name: 'secrets.compare_digest' },
    { code: HEAD + "\n@app.post('/w')\ndef w():\n    if request.headers.get('Content-Type') != 'application/json' or request.headers.get('Accept') == 'text/csv':\n        abort(415)\n    return ''\n", name: 'non-secret headers' },
    { code: HEAD + "\n@app.get('/s')\ndef s():\n    parts = request.headers.get('Authorization', '').split()\n    if len(parts) != 2 or parts[0].lower() != 'bearer':\n        abort(401)\n    token = parts[1]\n    if token is None or token == '':\n        abort(401)\n    return 'ok'\n", name: 'scheme, part count and presence tests' },
    { code: HEAD + "\n@app.post('/register')\ndef register():\n    if request.form['password'] != request.form['confirm_password']:\n        return 'passwords differ', 400\n    return 'ok'\n", name: 'password confirmation: both sides from the client' },
    { code: HEAD + "\n@app.post('/register')\ndef register():\n    form = RegisterForm()\n    if form.password.data != form.confirm.data:\n        return 'passwords differ', 400\n    return 'ok'\n", name: 'WTForms password confirmation' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    user = User.query.first()\n    if user.password != request.form['password']:\n        abort(401)\n    return 'ok'\n", name: 'a plaintext password check is FG211, not FG203' },
    { code: HEAD + "\ndef pick(data):\n    for key, value in data.items():\n        if key == 'id' or value == data.get('other'):\n            return value\n    return None\n", name: 'a loop variable called key is not a secret' },
    { code: HEAD + "from flask_jwt_extended import get_jwt\n\n@app.delete('/sessions/others')\ndef drop_others():\n    current_token = get_jwt()['jti']\n    for row in SessionToken.query.all():\n        if row.token != current_token:\n            row.revoke()\n    return ''\n", name: 'two server-side values (a stored token and a verified claim): no guess from the client to time' },
    { code: HEAD + "\n@app.get('/k')\ndef k():\n    digest = hashlib.sha256(request.headers.get('X-API-Key', '').encode()).hexdigest()\n    record = ApiKey.query.first()\n    if record is None or not hmac.compare_digest(record.key_digest, digest):\n        abort(401)\n    return 'ok'\n", name: 'a digest bound to a name, compared in constant time' },
    { code: HEAD + "\n@app.post('/upload')\ndef upload():\n    checksum = hashlib.md5(request.get_data()).hexdigest()\n    if checksum != request.headers.get('Content-MD5', ''):\n        abort(400)\n    return 'ok'\n", name: 'a digest of the body checked against a checksum header: integrity, not a secret' },
    { code: HEAD + "\n@app.get('/me')\ndef me():\n    token = request.headers.get('X-Session-Token')\n    if token in (None, '', 'null', 'undefined'):\n        abort(401)\n    return 'ok'\n", name: "a token tested against what a front end sends for none ('null', 'undefined')" },
    { code: HEAD + "\n@app.get('/k')\ndef k():\n    if request.headers.get('X-API-Key') not in {os.environ['KEY_A'], os.environ['KEY_B']}:\n        abort(401)\n    return 'ok'\n", name: 'a set is searched by hash, not item by item' },
    { code: HEAD + "\n@app.post('/signin')\ndef signin():\n    pw = request.form['pw']\n    user = User.query.first()\n    if user.password != pw:\n        abort(401)\n    return 'ok'\n", name: 'a plaintext password under a short field name is FG211, not FG203' },
    { code: HEAD + "import secrets\n\ndef add_key(limit, api_key='auto'):\n    if api_key == 'auto':\n        api_key = secrets.token_hex(16)\n    return api_key, limit\n", name: 'a parameter tested against its own default asks whether a value was given' },
    { code: HEAD + "\nNOT_SET = object()\n\n@app.post('/hook')\ndef hook():\n    sig = request.headers.get('X-Hook-Signature', NOT_SET)\n    if sig == NOT_SET:\n        abort(401)\n    expected = hmac.new(SECRET, request.get_data(), hashlib.sha256).hexdigest()\n    if not hmac.compare_digest(sig, expected):\n        abort(401)\n    return ''\n", name: 'a signature tested against a named absent marker is a presence test, not a secret comparison' },
    { code: HEAD + "\n\ndef enroll_otp(member, otp_secret=None):\n    if otp_secret and member.otp_secret != otp_secret:\n        member.otp_secret = otp_secret\n    return member\n", name: 'a secret compared with the value it is about to replace asks whether the setting changed' },
    { code: HEAD + "from auth import check_auth\n\n\ndef is_default_password(password):\n    return password == 'default'\n\n@app.post('/login')\ndef login():\n    password = request.form['password']\n    user = check_auth(request.form['email'], password)\n    if is_default_password(password):\n        return 'change your password', 400\n    return user.name\n", name: 'a predicate named for a password screen meets a well-known literal: nothing secret to time' },
    { code: HEAD + "from werkzeug.security import generate_password_hash\n\n@app.post('/register')\ndef register():\n    password = request.form['password']\n    if password.lower() == 'qwerty':\n        return 'too common', 400\n    return generate_password_hash(password)\n", name: 'a sign-up refusing a common password it is about to hash' },
    { code: HEAD + "\n@app.post('/checkout')\ndef checkout():\n    member = User.query.get(request.json['id'])\n    if request.json['code'] != member.country_code or request.json.get('promo') == member.promo_code or request.json['status'] == member.activate_resp_code:\n        abort(400)\n    if not hmac.compare_digest(member.reset_code, request.json['reset']):\n        abort(403)\n    return 'ok'\n", name: 'codes that prove nothing (country, promotion, a response status named after activation); a reset code compared in constant time' },
  ],
  invalid: [
    {
      code: {
        'api/resources/__init__.py': "from flask_restful import Resource, reqparse\n\nfrom ..models import Member\n",
        'api/resources/confirm.py': "from . import Member, Resource, reqparse\n\nform = reqparse.RequestParser()\nform.add_argument('code', location='json')\n\n\nclass ConfirmEmail(Resource):\n    def post(self, member_id):\n        values = form.parse_args()\n        member = Member.query.get(member_id)\n        if values['code'] == member.email_verification_code:\n            return {'ok': True}\n        return {'ok': False}, 403\n",
      },
      errors: [{ file: 'api/resources/confirm.py', line: 11, column: 12 }],
      name: 'a request parser re-exported by the resources package; a verification code kept on the member',
    },
    { code: HEAD + "from flask import session\n\n@app.post('/recover/confirm')\ndef confirm_recovery():\n    member = User.query.filter_by(email=request.json['email']).first()\n    if member.code_reset != request.json['code']:\n        abort(403)\n    if request.form.get('code') == session.get('sms_login_code'):\n        return 'ok'\n    abort(401)\n", errors: [{ line: L + 5, column: 8, message: 'compared with `!=`' }, { line: L + 7, column: 8, message: 'compared with `==`' }], name: 'a one-time code named for its purpose (reset, SMS login) against the value the client sent' },
    { code: HEAD + "\n@app.post('/default-login')\ndef default_login():\n    if request.form['password'] != 'letmein':\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 3, column: 8 }], name: 'a password against a literal in a function named default but not for a password screen' },
    { code: HEAD + "\ndef _digest(value):\n    return hashlib.sha256(value.encode()).hexdigest()\n\ndef _same(a, b):\n    return a.strip().lower() == b.strip().lower()\n\n@app.post('/reindex')\ndef reindex():\n    if not _same(_digest(request.headers.get('X-Service-Token', '')), os.environ['TOKEN_SHA256']):\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 5, column: 12 }], name: 'a digest of the credential handed to a comparison helper that uses ==' },
    { code: HEAD + "\ndef hash_key(raw):\n    return hashlib.sha256(raw.encode()).hexdigest()\n\n\ndef verify_stored(record, api_key):\n    return record.key_hash == hash_key(api_key)\n\n@app.get('/k')\ndef k():\n    if ApiKey.query.first().key_hash != hash_key(request.headers.get('X-Key', '')):\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 6, column: 12, message: 'The digest of `api_key`' }, { line: L + 10, column: 8, message: 'The digest of the `X-Key` header' }], name: 'a stored hash against what a project hashing helper returns' },
    { code: HEAD + "\n@app.get('/w')\ndef w():\n    if (token := request.headers.get('X-Token')) != os.environ['TOKEN']:\n        abort(401)\n    user = User.query.filter_by(name='svc').first()\n    if filter(None, [user.api_token == request.headers.get('X-API-Token')]):\n        return 'ok'\n    abort(401)\n", errors: [{ line: L + 3, column: 8 }, { line: L + 6 }], name: 'a walrus-bound token, and an instance attribute (not a column) inside a call named filter' },
    { code: HEAD + "from store import registry\n\n@app.get('/probe')\ndef probe():\n    account = registry.current()\n    hits = registry.filter(account.access_key == request.headers.get('X-Access-Key'))\n    return 'ok' if hits else abort(401)\n", errors: [{ line: L + 5, column: 28, message: 'The `X-Access-Key` header is compared with `==`' }], name: 'an instance attribute inside a filter method that does not start from a query is compared in Python' },
    {
      code: HEAD + "from flask import current_app\n\n\ndef expected_tool_key():\n    return current_app.config['TOOLS_API_KEY']\n\n@app.before_request\ndef check_tool_key():\n    supplied = request.headers.get('X-Tools-Key', '')\n    if supplied != expected_tool_key():\n        abort(401)\n    if request.headers.get('X-Tools-Key') != current_app.config['TOOLS_API_KEY']:\n        abort(401)\n",
      errors: [{ line: L + 9, column: 8, message: '`supplied` (the `X-Tools-Key` header) is compared with `!=`' }, { line: L + 11, column: 8, message: 'The `X-Tools-Key` header' }],
      name: 'a header not named as a credential, met with a configured key (directly or returned by a helper)',
    },
    { code: HEAD + "\n\ndef rotate_otp(member, otp_secret=None):\n    if member.otp_secret != otp_secret:\n        raise PermissionError('wrong code')\n    member.otp_secret = os.urandom(20).hex()\n    return member\n", errors: [{ line: L + 3, message: '`otp_secret`' }], name: 'a secret checked before a new one is written in its place is still a check' },
    {
      code: HEAD + "\n@app.get('/report')\ndef report():\n    if os.environ['REPORT_KEY'] not in (request.args.get('api_key'), request.headers.get('X-API-Key')):\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 3, column: 8, message: 'The `api_key` query parameter is compared with `==` (by `not in` on a tuple or list)' }],
      name: 'a configured key searched for in a tuple of request values',
    },
    {
      code: HEAD + "\n@app.get('/k')\ndef k():\n    key = request.headers.get('X-API-Key', '')\n    record = ApiKey.query.filter_by(prefix=key[:8]).first()\n    if record is None or hashlib.sha256(key.encode()).hexdigest() != record.key_digest:\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 5, column: 26, message: 'The digest of the `X-API-Key` header is compared with `!=`' }],
      output: HEAD + "\n@app.get('/k')\ndef k():\n    key = request.headers.get('X-API-Key', '')\n    record = ApiKey.query.filter_by(prefix=key[:8]).first()\n    if record is None or not hmac.compare_digest(hashlib.sha256(key.encode()).hexdigest(), record.key_digest):\n        abort(401)\n    return 'ok'\n",
      name: 'digest against a stored digest',
    },
    {
      code: HEAD + "\n@app.get('/k')\ndef k():\n    sent_digest = hashlib.sha256(request.headers.get('X-API-Key', '').encode()).hexdigest()\n    record = ApiKey.query.first()\n    if record is None or record.key_digest != sent_digest:\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 5, column: 26, message: 'The digest of the `X-API-Key` header is compared with `!=`' }],
      name: 'a digest bound to a name first, against a stored digest',
    },
    {
      code: HEAD + "\n@app.post('/w')\ndef w():\n    expected = hmac.new(SECRET, request.get_data(), hashlib.sha256).hexdigest()\n    if request.headers.get('X-Signature', '') != expected:\n        abort(401)\n    return ''\n",
      errors: [{ line: L + 4, column: 8, message: 'The `X-Signature` header is compared with `!=`' }],
      output: HEAD + "\n@app.post('/w')\ndef w():\n    expected = hmac.new(SECRET, request.get_data(), hashlib.sha256).hexdigest()\n    if not hmac.compare_digest(request.headers.get('X-Signature', ''), expected):\n        abort(401)\n    return ''\n",
      name: 'signature header against a computed HMAC',
    },
    {
      code: "from flask import request\n\nfrom models import SessionToken\n\ndef me():\n    token = request.headers.get('X-Session-Token', '')\n    row = SessionToken.query.first()\n    return row is not None and row.token == token\n",
      errors: [{ line: 8, column: 32, message: '`token` (the `X-Session-Token` header) is compared with `==`' }],
      output: "import hmac\nfrom flask import request\n\nfrom models import SessionToken\n\ndef me():\n    token = request.headers.get('X-Session-Token', '')\n    row = SessionToken.query.first()\n    return row is not None and hmac.compare_digest(row.token, token)\n",
      name: '== becomes compare_digest and import hmac is added',
    },
    {
      code: HEAD + "\ndef valid_signature(payload, signature):\n    expected = hmac.new(SECRET, payload, hashlib.sha256).hexdigest()\n    return expected == signature\n",
      errors: [{ line: L + 3, column: 12 }],
      name: 'two secrets in a helper',
    },
    {
      code: "import os\n\nfrom flask import abort, request\n\nAPI_TOKEN = os.environ['API_TOKEN']\n\ndef check():\n    token = request.headers.get('X-Token')\n    if token != API_TOKEN:\n        abort(401)\n",
      errors: [{ line: 9, column: 8 }],
      output: "import hmac\nimport os\n\nfrom flask import abort, request\n\nAPI_TOKEN = os.environ['API_TOKEN']\n\ndef check():\n    token = request.headers.get('X-Token')\n    if not hmac.compare_digest(token or '', API_TOKEN):\n        abort(401)\n",
      name: 'a header read without a default may be None: the fix keeps refusing it',
    },
    {
      code: HEAD + "\n@app.post('/w')\ndef w():\n    sent_digest = request.args.get('d', '')\n    expected_digest = hmac.new(SECRET, request.get_data(), hashlib.sha256).hexdigest()\n    if sent_digest != expected_digest:\n        abort(401)\n    return ''\n",
      errors: [{ line: L + 5, column: 8, message: '`sent_digest` is compared with `!=`' }],
      name: 'two secret-named values, one of them from the request',
    },
    { code: { 'keys.py': "PARTNER_KEYS = {'acme': 'acme-7f3b9e21', 'globex': 'globex-c0ffee42'}\n\n\ndef key_ok(name, supplied):\n    return PARTNER_KEYS.get(name) == supplied\n", 'app.py': "from flask import Flask, abort, request\n\nfrom keys import key_ok\n\napp = Flask(__name__)\n\n\n@app.get('/partner/<partner>/orders')\ndef orders(partner):\n    if not key_ok(partner, request.headers['Authorization']):\n        abort(401)\n    return 'ok'\n" }, errors: [{ file: 'keys.py', line: 5, column: 12, message: '`supplied` (the `Authorization` header) is compared with `==`' }], name: 'a helper every caller hands the Authorization header' },
    { code: { 'util.py': "from functools import wraps\n\nfrom flask import abort, current_app, request\n\nUI_API_KEY = 'a3f9c2e4b5d6'\n\n\ndef get_api_key(req):\n    return req.values.get('apikey') or req.headers.get('X-Api-Key')\n\n\ndef api_key_required(f):\n    @wraps(f)\n    def decorated(*args, **kwargs):\n        if get_api_key(request) != current_app.config['API_KEY']:\n            abort(403)\n        return f(*args, **kwargs)\n    return decorated\n" }, errors: [{ file: 'util.py', line: 15, column: 12, message: 'The `apikey` request value is compared with `!=`' }], name: 'OctoPrint-style get_api_key(request) compared with the configured key' },
    { code: HEAD + "ADMIN_PASSWORD = 'hunter-22'\n\n@app.post('/admin/login')\ndef admin_login():\n    if request.form['password'] != ADMIN_PASSWORD:\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 4, column: 8, message: 'The `password` form field is compared with `!=`' }], name: 'a password against a constant assigned from a literal (FG202 too, not FG211)' },
  ],
});
