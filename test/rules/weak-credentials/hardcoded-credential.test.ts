import rule from '../../../server/src/rules/weak-credentials/hardcoded-credential';
import { ruleTester } from '../rule-tester';

const HEAD = "import hmac\nimport os\n\nfrom flask import Flask, abort, current_app, request\n\napp = Flask(__name__)\n";
const L = 7;
/** A login view that checks the password against `conf.LOGIN`, a dict in another module. */
const loginAgainst = (conf: string) => ({
  'app.py': HEAD + "import conf\n\n@app.post('/login')\ndef login():\n    if request.form['password'] != conf.LOGIN['PASSWORD']:\n        abort(401)\n    return 'ok'\n",
  'conf.py': conf,
});

/** A key decorator in `auth.py` that compares the `X-API-Key` header with `expected`, the app set up by `app.py` (`setup`). */
const keyCheckedAgainst = (expected: string, setup: string, extra: Record<string, string> = {}) => ({
  'auth.py': "from functools import wraps\n\nfrom flask import abort, current_app, request\n\nfrom config import Config\n\n\ndef require_key(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if request.headers.get('X-API-Key') != " + expected + ":\n            abort(401)\n        return f(*args, **kwargs)\n    return wrapper\n",
  'app.py': "import os\n\nfrom flask import Flask\n\nfrom config import Config\n\napp = Flask(__name__)\napp.config.from_object(Config)\n" + setup,
  ...extra,
});

/** A WTForms form with a password field, written after `HEAD` (7 lines). */
const GATE = "from flask_wtf import FlaskForm\nfrom wtforms import PasswordField, StringField\n\nclass Gate(FlaskForm):\n    role = StringField()\n    password = PasswordField()\n    again = PasswordField()\n";

ruleTester(rule, {
  valid: [
    { code: HEAD + GATE + "\n@app.post('/role')\ndef role():\n    form = Gate()\n    picked = form.role.data\n    if picked == 'admin':\n        abort(403)\n    return 'ok'\n", name: 'a local name for a form field that holds no credential' },
    { code: HEAD + GATE + "from werkzeug.security import generate_password_hash\n\n@app.post('/join')\ndef join():\n    form = Gate()\n    chosen = form.password.data\n    if chosen == 'password':\n        return 'too common', 400\n    return generate_password_hash(chosen)\n", name: 'a sign-up refusing a common password held under a local name for the form field' },
    { code: HEAD + GATE + "\n@app.post('/kiosk')\ndef kiosk(fallback='guest'):\n    form = Gate()\n    typed = form.password.data\n    if not typed:\n        typed = fallback\n    if typed == 'guest':\n        return 'guest mode'\n    return 'ok'\n", name: 'a local name for the form field, rebound: it may hold something else' },
    {
      code: {
        'config.py': "from pydantic_settings import BaseSettings\n\n\nclass Base(BaseSettings):\n    debug: bool = False\n\n\nclass Settings(Base):\n    api_key: str = 'dev-api-key'\n\n\nsettings = Settings()\n",
        'app.py': "from flask import Flask, abort, request\n\nfrom config import settings\n\napp = Flask(__name__)\n\n\n@app.get('/k')\ndef k():\n    if request.headers.get('X-API-Key') != settings.api_key:\n        abort(401)\n    return 'ok'\n",
      },
      name: 'a pydantic BaseSettings field (read from the environment; the literal is a default)',
    },
    { code: HEAD + "ENV_KEYS = os.environ['API_KEYS'].split(',')\n\n@app.get('/a')\ndef a():\n    key = request.headers.get('X-API-Key', '')\n    if not any(hmac.compare_digest(key, k) for k in ENV_KEYS):\n        abort(401)\n    return 'ok'\n", name: 'a comprehension over keys from the environment' },
    { code: HEAD + "TOKENS = {'admin': os.environ['ADMIN_TOKEN']}\n\n@app.post('/r')\ndef r():\n    if request.headers.get('Authorization') not in TOKENS.values():\n        abort(403)\n    return 'ok'\n", name: 'membership in the values of a dict read from the environment' },
    { code: HEAD + "\n@app.post('/w')\ndef w():\n    if (key := request.headers.get('X-API-Key')) is None or not hmac.compare_digest(key, current_app.config['API_KEY']):\n        abort(401)\n    return 'ok'\n", name: 'a walrus-bound key compared with a setting nothing in the code assigns' },
    { code: { 'keys.py': "PARTNER_KEYS = {'acme': 'acme-7f3b9e21', 'globex': 'globex-c0ffee42'}\n\n\ndef key_ok(name, supplied):\n    return PARTNER_KEYS.get(name) == supplied\n", 'app.py': "from flask import Flask, abort, request\n\nfrom keys import key_ok\n\napp = Flask(__name__)\n\n\n@app.get('/partner/<partner>/orders')\ndef orders(partner):\n    if not key_ok(partner, request.headers['Authorization']):\n        abort(401)\n    return 'ok'\n\n\ndef selftest():\n    return key_ok('acme', 'acme-7f3b9e21')\n" }, name: 'a helper called once with the Authorization header and once with a constant: its parameter is not the header' },
    { code: { 'keys.py': "import logging\n\nPARTNER_KEYS = {'acme': 'acme-7f3b9e21'}\nlog = logging.getLogger(__name__)\n\n\ndef key_ok(name, supplied):\n    log.info('partner %s sent %d chars', name, len(supplied))\n    return len(supplied) == 32 and name in PARTNER_KEYS\n", 'app.py': "from flask import Flask, abort, request\n\nfrom keys import key_ok\n\napp = Flask(__name__)\n\n\n@app.get('/partner/<partner>/orders')\ndef orders(partner):\n    if not key_ok(partner, request.headers['Authorization']):\n        abort(401)\n    return 'ok'\n" }, name: 'a helper that only logs and measures the header it is handed' },
    { code: HEAD + "SERVICE_TOKENS = {'reporting': os.environ['REPORTING_TOKEN']}\n\n@app.get('/svc')\ndef svc():\n    token = request.headers.get('X-Service-Token', '')\n    for name, expected in SERVICE_TOKENS.items():\n        if hmac.compare_digest(token, expected):\n            return name\n    abort(401)\n", name: 'a loop over a dict of keys from the environment' },
    {
      code: HEAD + "from werkzeug.security import generate_password_hash\nCOMMON = {'123456', 'password'}\n\n@app.post('/register')\ndef register():\n    password = request.form['password']\n    if password in COMMON or password.lower() == 'qwerty':\n        return 'too common', 400\n    return generate_password_hash(password)\n",
      name: 'a sign-up refusing common passwords: the password is hashed for storage, so it is being chosen',
    },
    {
      code: HEAD + "from auth import check_auth\n\n\ndef is_default_password(password):\n    return password == 'default'\n\n@app.post('/login')\ndef login():\n    password = request.form['password']\n    user = check_auth(request.form['email'], password)\n    if is_default_password(password):\n        return 'change your password', 400\n    return user.name\n",
      name: 'a predicate named for a password screen (is_default_password) looks for a well-known password, it does not check one',
    },
    { code: HEAD + "\n@app.get('/me')\ndef me():\n    token = request.headers.get('X-Token', '')\n    if token == 'null' or token == 'undefined':\n        abort(401)\n    return 'ok'\n", name: "'null' and 'undefined' are what a front end sends for no token, not a credential" },
    { code: HEAD + "KEY = os.environ['PARTNER_KEY']\n\n@app.get('/p')\ndef p():\n    if not hmac.compare_digest(request.headers.get('X-Partner-Key', ''), KEY):\n        abort(401)\n    return 'ok'\n", name: 'key from the environment' },
    { code: HEAD + "\n@app.post('/sync')\ndef sync():\n    if not hmac.compare_digest(request.headers.get('X-Sync-Token', ''), current_app.config['SYNC_TOKEN']):\n        abort(401)\n    return 'ok'\n", name: 'key from the config loader' },
    { code: HEAD + "KEYS = set(os.getenv('API_KEYS', '').split(','))\n\n@app.get('/k')\ndef k():\n    if request.headers.get('X-API-Key') not in KEYS:\n        abort(401)\n    return 'ok'\n", name: 'a set read from the environment (literal fallback is empty)' },
    { code: HEAD + "\n@app.get('/s')\ndef s():\n    parts = request.headers.get('Authorization', '').split()\n    if len(parts) != 2 or parts[0].lower() != 'bearer':\n        abort(401)\n    scheme, _, token = request.headers.get('Authorization', '').partition(' ')\n    if scheme.lower() != 'bearer':\n        abort(401)\n    return 'ok'\n", name: 'the Authorization scheme is not a credential' },
    { code: HEAD + "\n@app.get('/a')\ndef a():\n    if request.headers.get('Accept') == 'text/csv' or request.args.get('sort_key') == 'name' or request.args.get('auth_type') == 'oauth':\n        return 'csv'\n    if request.headers.get('X-API-Key', '') == '':\n        abort(401)\n    return 'ok'\n", name: 'not credentials, and the empty string is a presence test' },
    { code: HEAD + "\n@app.post('/hook')\ndef hook():\n    signature = request.headers.get('X-Hub-Signature', '')\n    algorithm, signature = signature.split('=')\n    if algorithm != 'sha1':\n        abort(501)\n    return signature\n", name: 'the algorithm part of a split signature is not the secret' },
    { code: loginAgainst("import os\n\nLOGIN = {'USER': os.environ['LOGIN_USER'], 'PASSWORD': os.environ['LOGIN_PASSWORD']}\n"), name: 'a dict in another module filled from the environment' },
    { code: HEAD + "import hashlib\n\n@app.post('/hook')\ndef hook():\n    expected = hmac.new(os.environ['HOOK_KEY'].encode(), request.data, hashlib.sha256).hexdigest()\n    if not hmac.compare_digest(request.headers.get('X-Signature', ''), expected):\n        abort(401)\n    return ''\n", name: 'an HMAC of the body under a key from the environment' },
    { code: HEAD + "import hashlib\n\n\ndef sign(body):\n    return hmac.new(os.environ['NOTIFY_KEY'].encode(), body, hashlib.sha256).hexdigest()\n\n@app.post('/notify')\ndef notify():\n    if not hmac.compare_digest(sign(request.get_data()), request.headers.get('X-Notify-Signature', '')):\n        abort(401)\n    return ''\n", name: 'a signing helper keyed from the environment' },
    { code: HEAD + "\n@app.get('/u')\ndef u():\n    auth = request.authorization\n    if auth.username == 'admin':\n        return 'hello admin'\n    return 'ok'\n", name: 'the Basic auth user name is not the secret' },
    { code: HEAD + "import secrets\n\ndef add_key(limit, api_key='auto'):\n    if api_key == 'auto':\n        api_key = secrets.token_hex(16)\n    return api_key, limit\n", name: 'a parameter tested against its own default asks whether a value was given' },
    { code: keyCheckedAgainst('Config.API_KEY', '', { 'config.py': "import os\n\n\nclass Config:\n    API_KEY = os.environ.get('API_KEY')\n" }), name: 'a config class attribute read from the environment' },
    { code: keyCheckedAgainst("current_app.config['API_KEY']", "app.config['API_KEY'] = 'abc123'\napp.config.from_pyfile('settings.cfg', silent=True)\n", { 'config.py': 'class Config:\n    DEBUG = False\n' }), name: 'a literal setting the app may override from a settings file' },
    { code: keyCheckedAgainst("current_app.config['API_KEY']", '', { 'config.py': "import os\n\n\nclass Config:\n    API_KEY = 'dev-key'\n\n\nclass ProductionConfig(Config):\n    API_KEY = os.environ['API_KEY']\n" }), name: 'a setting with a literal development value and one from the environment' },
    { code: keyCheckedAgainst("current_app.config['API_KEY']", "app.config['API_KEY'] = os.environ['API_KEY']\n", { 'config.py': "class Config:\n    DEBUG = False\n\n\nclass TestingConfig(Config):\n    TESTING = True\n    API_KEY = 'test-key'\n" }), name: 'a literal setting only in the test configuration' },
    { code: HEAD + "import stripe\n\n@app.post('/billing/events')\ndef billing_events():\n    event = stripe.Webhook.construct_event(request.get_data(), request.headers.get('Stripe-Signature'), current_app.config['BILLING_HOOK_SECRET'])\n    return event['type']\n", name: 'a Stripe signature verified with the endpoint secret from the configuration' },
    { code: HEAD + "import hashlib\n\n@app.post('/login')\ndef login():\n    member = Member.query.filter_by(email=request.form['email']).first_or_404()\n    if member.pw_sha != hashlib.sha256(request.form['password'].encode()).hexdigest():\n        abort(401)\n    return 'ok'\n", name: 'a password hashed by hand, compared with the stored digest' },
    { code: HEAD + "from flask_httpauth import HTTPTokenAuth\n\nbearer = HTTPTokenAuth(scheme='Bearer')\n\ndef service_tokens():\n    tokens = os.environ['SERVICE_TOKENS'].split(',')\n    return tokens\n\ndef pinned_tokens():\n    return {}\n\ndef fallback_tokens():\n    if os.environ.get('SERVICE_TOKENS'):\n        return os.environ['SERVICE_TOKENS'].split(',')\n    return ['svc-local']\n\n@bearer.verify_token\ndef check(token):\n    return token in service_tokens() or token in pinned_tokens() or token in fallback_tokens()\n", name: 'functions that take nothing and return tokens from the environment, nothing, or one of two values' },
  ],
  invalid: [
    { code: HEAD + GATE + "\n@app.post('/gate')\ndef gate():\n    form = Gate()\n    if form.validate_on_submit():\n        typed = form.password.data\n        if typed == 'open-sesame':\n            return 'in'\n    abort(401)\n", errors: [{ line: L + 13, column: 12, message: '`typed` (the `password` form field) is compared with a string literal' }], name: 'a WTForms password read into a local name, then compared with a literal' },
    { code: HEAD + "import hashlib\n\nOPERATORS = {'ops': hashlib.sha256(b'night-shift').hexdigest()}\n\n@app.post('/console')\ndef console():\n    typed = hashlib.sha256(request.form['password'].encode()).hexdigest()\n    if OPERATORS.get(request.form['user']) != typed:\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 7, column: 8, message: 'The digest of the `password` form field is compared with a value of `OPERATORS`' }], name: 'a password hashed by hand, compared with digests of literals' },
    { code: HEAD + "from stripe import Webhook\n\nHOOK_KEY = 'whsec_5f1e0c9ab2'\n\n@app.post('/billing/events')\ndef billing_events():\n    sent = request.headers['Stripe-Signature']\n    event = Webhook.construct_event(payload=request.data, sig_header=sent, secret=HOOK_KEY)\n    return event['type']\n", errors: [{ line: L + 7, column: 13, message: 'is verified with `HOOK_KEY`' }], name: 'a Stripe signature verified with a webhook secret written in the code' },
    {
      code: HEAD + "\n\ndef default_login(password):\n    return password == 'letmein'\n\n@app.post('/login')\ndef login():\n    if not default_login(request.form['password']):\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 3, column: 12 }],
      name: 'a function named default but not for a password screen still checks the password against a literal',
    },
    {
      code: {
        'config.py': "class Settings:\n    api_key: str = 'dev-api-key'\n\n\nsettings = Settings()\n",
        'app.py': "from flask import Flask, abort, request\n\nfrom config import settings\n\napp = Flask(__name__)\n\n\n@app.get('/k')\ndef k():\n    if request.headers.get('X-API-Key') != settings.api_key:\n        abort(401)\n    return 'ok'\n",
      },
      errors: [{ line: 10, file: 'app.py', message: '`settings.api_key`, a constant assigned from a literal' }],
      name: 'a field of a plain settings class (not read from the environment)',
    },
    { code: HEAD + "VALID_KEYS = ['key-one-4f1a', 'key-two-9c2e']\n\n@app.get('/a')\ndef a():\n    key = request.headers.get('X-API-Key', '')\n    if not any(hmac.compare_digest(key, k) for k in VALID_KEYS):\n        abort(401)\n    return 'ok'\n\n@app.get('/b')\ndef b():\n    key = request.headers.get('X-API-Key', '')\n    if not [k for k in VALID_KEYS if key == k]:\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 5, column: 16, message: '`VALID_KEYS`, a constant built from literals' }, { line: L + 12 }], name: 'a comprehension over a list of literal keys (any(compare_digest(...) for k in KEYS))' },
    { code: HEAD + "STAFF_PINS = ('4412', '9031')\n\n@app.post('/checkin')\ndef checkin():\n    if (pin := request.form.get('pin')) in STAFF_PINS:\n        return pin\n    abort(403)\n", errors: [{ line: L + 4, column: 8, message: 'The `pin` form field is checked against `STAFF_PINS`' }], name: 'a walrus binding the credential it checks against literals' },
    {
      code: HEAD + "SERVICE_TOKENS = {'reporting': 'rpt-6f1c2', 'exporter': 'exp-90aa1'}\n\n@app.get('/svc')\ndef svc():\n    token = request.headers.get('X-Service-Token', '')\n    for name, expected in SERVICE_TOKENS.items():\n        if token == expected:\n            return name\n    abort(401)\n\n@app.get('/any')\ndef any_service():\n    for expected in SERVICE_TOKENS.values():\n        if hmac.compare_digest(request.headers.get('X-Service-Token', ''), expected):\n            return 'ok'\n    abort(401)\n",
      errors: [{ line: L + 6, column: 12, message: 'a value of `SERVICE_TOKENS`, a dict of literals' }, { line: L + 13, column: 12 }],
      name: 'the loop variable over the values of a dict of literals',
    },
    {
      code: HEAD + "from werkzeug.security import generate_password_hash\n\n@app.post('/login')\ndef login():\n    if request.form['password'] != 'letmein':\n        abort(401)\n    return generate_password_hash(request.form['new_password'])\n",
      errors: [{ line: L + 4, column: 8 }],
      name: 'a literal password check beside the hashing of another field',
    },
    { code: HEAD + "\ndef key_ok(api_key='auto'):\n    return api_key == 'letmein'\n", errors: [{ line: L + 2, column: 12 }], name: 'a credential parameter against a literal other than its default' },
    {
      code: HEAD + "API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'\n\n@app.get('/o')\ndef o():\n    if not hmac.compare_digest(request.headers.get('X-API-Key', ''), API_KEY):\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 4, column: 12, message: 'The `X-API-Key` header is compared with `API_KEY`, a constant assigned from a literal' }],
      output: HEAD + "API_KEY = os.environ[\"API_KEY\"]\n\n@app.get('/o')\ndef o():\n    if not hmac.compare_digest(request.headers.get('X-API-Key', ''), API_KEY):\n        abort(401)\n    return 'ok'\n",
      name: 'compare_digest with a literal constant',
    },
    { code: HEAD + "ADMIN_TOKENS = {'tok_admin_7f3a9c', 'tok_ops_19bd22'}\n\n@app.post('/r')\ndef r():\n    if request.headers.get('X-Admin-Token') not in ADMIN_TOKENS:\n        abort(403)\n    return 'ok'\n", errors: [{ line: L + 4, column: 8, message: 'checked against `ADMIN_TOKENS`' }], name: 'membership in a set of literals' },
    { code: HEAD + "TOKENS = {'admin': 'tok_admin_7f3a9c'}\n\n@app.post('/r')\ndef r():\n    if request.headers.get('Authorization') not in TOKENS.values():\n        abort(403)\n    return 'ok'\n", errors: [{ line: L + 4, column: 8, message: 'checked against a value of `TOKENS`, a dict of literals' }], name: 'membership in the values of a dict of literals' },
    { code: HEAD + "TOKENS = {'tok_admin_7f3a9c': 'admin'}\n\n@app.post('/r')\ndef r():\n    if request.headers.get('Authorization') not in TOKENS.keys():\n        abort(403)\n    return 'ok'\n", errors: [{ line: L + 4, column: 8, message: 'checked against `TOKENS`' }], name: 'membership in the keys of a dict of literals' },
    { code: HEAD + "\n@app.post('/h')\ndef h():\n    if request.headers.get('X-Deploy-Secret') != 'whsec_prod_91be02':\n        abort(403)\n    return ''\n", errors: [{ line: L + 3, message: 'compared with a string literal' }], name: 'inline literal' },
    { code: HEAD + "API_KEYS = {'k_alice_1': 'alice', 'k_bob_2': 'bob'}\n\n@app.get('/w')\ndef w():\n    user = API_KEYS.get(request.headers.get('X-API-Key', ''))\n    if user is None:\n        abort(401)\n    return user\n", errors: [{ line: L + 4, message: 'looked up in' }], name: 'lookup in a dict of literal keys' },
    { code: loginAgainst("LOGIN = {'USER': 'root', 'PASSWORD': 'toor'}\n"), errors: [{ line: L + 4, column: 8, message: 'compared with a value of `conf.LOGIN`, a dict of literals' }], name: 'a dict of literals in another module, read through the module' },
    {
      code: HEAD + "TOKENS = {'secret-token-1': 'john'}\n\ndef verify_token(token):\n    if token in TOKENS:\n        return TOKENS[token]\n    return None\n",
      errors: [{ line: L + 3, column: 8, message: '`token` is checked against `TOKENS`' }],
      name: 'membership and lookup in one constant: reported once',
    },
    { code: HEAD + "\ndef check_auth(username, password):\n    return username == 'admin' and password == 'secret'\n", errors: [{ line: L + 2, column: 36, message: '`password` is compared with a string literal' }], name: 'credential parameter of a check helper' },
    {
      code: HEAD + "import hashlib\n\n@app.get('/d')\ndef d():\n    key = request.headers.get('X-API-Key', '')\n    if key != hashlib.sha256(b'partner-key-2024').hexdigest():\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 5, column: 8, message: '`key` (the `X-API-Key` header) is compared with the digest of a literal' }],
      name: 'a digest of a literal is as fixed as the literal',
    },
    {
      code: HEAD + "import hashlib\n\nHOOK_KEY = b'whsec_4f1e'\n\n@app.post('/events')\ndef events():\n    expected = hmac.new(HOOK_KEY, request.get_data(), hashlib.sha256).hexdigest()\n    if not hmac.compare_digest(request.headers.get('X-Event-Signature', ''), expected):\n        abort(401)\n    return ''\n",
      errors: [{ line: L + 7, column: 12, message: 'compared with `expected`, an HMAC under a hard-coded key' }],
      name: 'an HMAC of the body under a key written in the code',
    },
    {
      code: HEAD + "import hashlib\nfrom hmac import HMAC\n\n@app.post('/ping')\ndef ping():\n    if request.headers.get('X-Signature') != HMAC(key=b'k3y', msg=request.data, digestmod=hashlib.sha1).hexdigest():\n        abort(401)\n    return ''\n",
      errors: [{ line: L + 5, column: 8, message: 'an HMAC under a hard-coded key' }],
      name: 'an HMAC object built with a literal key keyword',
    },
    {
      code: HEAD + "import hashlib\n\nSIGNING_KEY = 'sk_9c2e'\n\n\ndef sign(body):\n    return hmac.new(SIGNING_KEY.encode(), body, hashlib.sha256).hexdigest()\n\n@app.post('/notify')\ndef notify():\n    wanted = sign(request.get_data())\n    if not hmac.compare_digest(wanted, request.headers.get('X-Notify-Signature', '')):\n        abort(401)\n    return ''\n",
      errors: [{ line: L + 11, column: 12, message: 'compared with `wanted`, an HMAC under a hard-coded key' }],
      name: 'a signing helper that keys its HMAC with a literal',
    },
    { code: HEAD + "TOKEN = 'abc123'\n\n@app.get('/f')\ndef f():\n    if request.headers.get('Authorization') != f'Bearer {TOKEN}':\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 4, message: 'a string built from literals' }], name: 'an f-string of a literal constant' },
    { code: { 'keys.py': "PARTNER_KEYS = {'acme': 'acme-7f3b9e21', 'globex': 'globex-c0ffee42'}\n\n\ndef key_ok(name, supplied):\n    return PARTNER_KEYS.get(name) == supplied\n", 'app.py': "from flask import Flask, abort, request\n\nfrom keys import key_ok\n\napp = Flask(__name__)\n\n\n@app.get('/partner/<partner>/orders')\ndef orders(partner):\n    if not key_ok(partner, request.headers['Authorization']):\n        abort(401)\n    return 'ok'\n" }, errors: [{ file: 'keys.py', line: 5, column: 12, message: '`supplied` (the `Authorization` header) is compared with a value of `PARTNER_KEYS`' }], name: 'a helper every caller hands the Authorization header: compared with a dict of literals' },
    { code: { 'util.py': "from functools import wraps\n\nfrom flask import abort, current_app, request\n\nUI_API_KEY = 'a3f9c2e4b5d6'\n\n\ndef get_api_key(req):\n    return req.values.get('apikey') or req.headers.get('X-Api-Key')\n\n\ndef api_key_required(f):\n    @wraps(f)\n    def decorated(*args, **kwargs):\n        if get_api_key(request) != UI_API_KEY:\n            abort(403)\n        return f(*args, **kwargs)\n    return decorated\n" }, errors: [{ file: 'util.py', line: 15, column: 12, message: 'The `apikey` request value is compared with `UI_API_KEY`' }], name: 'OctoPrint-style get_api_key(request): the helper reads the key from the request handed in' },
    {
      code: keyCheckedAgainst('Config.API_KEY', '', { 'config.py': "class Config:\n    SECRET_KEY = 'x'\n    API_KEY = 'abc123'\n" }),
      errors: [{ file: 'auth.py', line: 11, column: 12, message: 'The `X-API-Key` header is compared with `Config.API_KEY`, a constant assigned from a literal' }],
      name: 'a config class attribute assigned a literal, read through the class',
    },
    {
      code: keyCheckedAgainst("current_app.config['API_KEY']", "app.config['API_KEY'] = 'abc123'\n", { 'config.py': 'class Config:\n    DEBUG = False\n' }),
      errors: [{ file: 'auth.py', line: 11, column: 12, message: "compared with `current_app.config['API_KEY']`, a setting assigned from a literal" }],
      name: 'a config item assigned a literal, read through current_app',
    },
    {
      code: keyCheckedAgainst("current_app.config.get('API_KEY', '')", '', { 'config.py': "class Config:\n    API_KEY = 'abc123'\n\n\nclass DevelopmentConfig(Config):\n    API_KEY = 'dev-abc'\n" }),
      errors: [{ file: 'auth.py', line: 11, column: 12, message: 'a setting assigned from a literal' }],
      name: 'a setting every non-test configuration class assigns a literal, read with get',
    },
    { code: HEAD + "from flask_httpauth import HTTPTokenAuth\n\nbearer = HTTPTokenAuth(scheme='Bearer')\n\ndef service_tokens():\n    return {'svc-81f2': 'ci-runner'}\n\n@bearer.verify_token\ndef check(token):\n    return token in service_tokens()\n", errors: [{ line: L + 9, column: 12, message: '`token` is checked against `service_tokens()`, a function that returns a collection of literals' }], name: 'a token checked against what a function that takes nothing returns, a dict of literals' },
    { code: { 'keys.py': "def partner_keys():\n    keys = ['pk-4471', 'pk-9d02']\n    return keys\n", 'app.py': HEAD + "from keys import partner_keys\n\n@app.get('/partner/orders')\ndef orders():\n    if request.headers.get('X-Partner-Key') not in partner_keys():\n        abort(401)\n    return 'ok'\n" }, errors: [{ file: 'app.py', line: L + 4, column: 8, message: 'checked against `partner_keys()`, a function that returns `keys`' }], name: 'a key checked against a list of literals that an imported function binds to a name and returns' },
  ],
});
