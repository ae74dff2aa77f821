import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../server/src/rules/weak-credentials/hardcoded-secret-key';
import { findingsFor } from '../../helpers/engine';
import { ruleTester } from '../rule-tester';

ruleTester(rule, {
  valid: [
    { code: "import os\n\nfrom flask import Flask\n\nkey = 'draft'\nkey = os.environ['SECRET_KEY']\n\n\ndef make_app(signing):\n    app = Flask(__name__)\n    app.secret_key = key\n    app.config['JWT_SECRET_KEY'] = signing\n    salt = 'pepper'\n    if os.environ.get('SALT'):\n        salt = os.environ['SALT']\n    app.config['SECURITY_PASSWORD_SALT'] = salt\n    return app\n", name: 'a module name rebound to the environment, a parameter, a local rebound in a branch' },
    { code: "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config['SECRET_KEY'] = os.environ['SECRET_KEY'] if 'SECRET_KEY' in os.environ else os.urandom(32)\napp.config['JWT_SECRET_KEY'] = os.environ.get('JWT_SECRET_KEY') if os.environ.get('LIVE') else ''\n", name: 'a conditional between the environment and random bytes, or an empty key' },
    { code: { 'app/settings.py': "from pydantic import SecretStr\nfrom pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    secret_key: SecretStr\n    jwt_secret_key: str = ''\n    app_name: str = 'acme'\n" }, name: 'pydantic settings fields with no default, an empty one, a non-secret default' },
    { code: "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config.setdefault('SECRET_KEY', os.environ['SECRET_KEY'])\n", name: 'config.setdefault from the environment' },
    { code: "import os\nimport secrets\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config['SECRET_KEY'] = os.environ['SECRET_KEY']\napp.config['JWT_SECRET_KEY'] = os.getenv('JWT_SECRET_KEY')\napp.config['SECURITY_PASSWORD_SALT'] = secrets.token_urlsafe(16)\nwith open('/run/secrets/flask_secret_key') as fh:\n    app.secret_key = fh.read().strip()\n", name: 'environment, secrets module, secrets file' },
    { code: { 'config.py': "import os\n\nclass Config:\n    SECRET_KEY = os.environ['SECRET_KEY']\n    JWT_SECRET_KEY = os.environ.get('JWT_SECRET_KEY', SECRET_KEY)\n" }, name: 'a fallback to a key that comes from the environment' },
    { code: { 'app.py': "from flask import Flask\n\nfrom conf import SETTINGS\n\napp = Flask(__name__)\napp.config.update(SETTINGS)\n", 'conf.py': "import os\n\nSETTINGS = {'SECRET_KEY': os.environ['SECRET_KEY'], 'SESSION_COOKIE_NAME': 'sid'}\n" }, name: 'a settings dict from another module whose key comes from the environment' },
    { code: { 'config.py': "import os\nimport secrets\n\nclass TestingConfig:\n    TESTING = True\n    SECRET_KEY = secrets.token_hex(16)\n\nclass Config:\n    SQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL', 'sqlite:///x.db')\n" }, name: 'a test configuration with a key minted at start-up; a non-secret default' },
    { code: { 'tests/conftest.py': "from app import create_app\n\ndef app():\n    app = create_app()\n    app.config['SECRET_KEY'] = 'test-key'\n    return app\n" }, name: 'test files' },
    { code: "from flask import current_app\nfrom itsdangerous import URLSafeTimedSerializer\n\nclass Serializer:\n    def __init__(self, fields):\n        self.fields = fields\n\ndef confirm_link(email):\n    s = URLSafeTimedSerializer(current_app.config['SECRET_KEY'])\n    return s.dumps(email, salt='email-confirm')\n\nLABEL = 'name'\nROW = Serializer('name')\nOTHER = Serializer(LABEL)\n", name: 'an itsdangerous serializer keyed from the config (the salt is no secret); a serializer class of the app, given a literal or a constant' },
    { code: "import os\n\nimport jwt\n\nTOKEN_SECRET = os.environ['TOKEN_SECRET']\nISSUER_PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\\nMIIB'\n\ndef issue(sub):\n    return jwt.encode({'sub': sub, 'exp': 1}, TOKEN_SECRET, algorithm='HS256')\n\ndef read_partner(token):\n    return jwt.decode(token, ISSUER_PUBLIC_KEY, algorithms=['RS256'])\n", name: 'a signing key from the environment; a public key in the code is no secret' },
    { code: { 'config.py': "class Config:\n    JWT_ALGORITHM = 'HS256'\n    JWT_PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\\nMIIB'\n    TOKEN_SECRET = 'not-a-key'\n", 'auth.py': "import os\n\nimport jwt\nfrom flask import current_app\n\nfrom config import Config\n\ndef issue(sub):\n    return jwt.encode({'sub': sub, 'exp': 1}, os.environ['TOKEN_SECRET'], algorithm=Config.JWT_ALGORITHM)\n\ndef read(token):\n    return jwt.decode(token, current_app.config['JWT_PUBLIC_KEY'], algorithms=['RS256'])\n" }, name: 'config settings used as the algorithm or the public key, and one named like a key that signs nothing' },
    { code: "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.secret_key = 'tenant-' + os.environ['TENANT_SECRET']\napp.config['JWT_SECRET_KEY'] = os.environ['JWT_PREFIX'] + b'-signing'\n", name: 'a literal joined with a value from the environment' },
  ],
  invalid: [
    { code: { 'web/config.py': "SESSION_COOKIE_NAME = 'sid'\nSECRET_KEY = (b'\\x91\\x0ck\\xe2' +\n              b'\\x17q\\xa4')\nJWT_SECRET_KEY = 'part-one-' + 'part-two-' + 'part-three'\n" }, errors: [{ line: 2, column: 1 }, { line: 4, column: 1 }], name: 'literals joined with + are one literal' },
    {
      code: "import os\n\nfrom flask import Flask\n\nsigning = os.getenv('SECRET_KEY', 'please-change')\n\n\ndef make_app():\n    app = Flask(__name__)\n    key = 'kitchen-sink'\n    app.secret_key = key\n    app.config['JWT_SECRET_KEY'] = signing\n    return app\n",
      errors: [{ line: 11, column: 5, message: '`app.secret_key` is set to a literal' }, { line: 12, column: 5, message: '`JWT_SECRET_KEY` falls back to the literal \'please-change\' when `SECRET_KEY` is not set' }],
      name: 'a literal through a local assigned once; a literal fallback through a module name',
    },
    {
      code: "import os\n\nfrom flask import Flask\n\nLIVE = os.environ.get('APP_ENV') == 'live'\napp = Flask(__name__)\napp.config['SECRET_KEY'] = 'not-so-secret' if not LIVE else os.environ['SECRET_KEY']\napp.config['JWT_SECRET_KEY'] = os.environ['JWT_SECRET_KEY'] if LIVE else 'jwt-dev'\n",
      errors: [{ line: 7, column: 1, message: '`SECRET_KEY` is the literal \'not-so-secret\' when `not LIVE`' }, { line: 8, column: 1, message: '`JWT_SECRET_KEY` is the literal \'jwt-dev\' unless `LIVE`' }],
      name: 'a literal key in one branch of a conditional (a warning, as a fallback is)',
    },
    {
      code: { 'app/settings.py': "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    secret_key: str = 'changeme'\n    jwt_secret_key: str = Field('dev-jwt', validation_alias='APP_JWT_KEY')\n    debug: bool = False\n    database_url: str = 'sqlite:///app.db'\n" },
      errors: [{ line: 5, column: 5, message: '`secret_key` falls back to the literal \'changeme\' when `SECRET_KEY` is not set' }, { line: 6, column: 5, message: '`jwt_secret_key` falls back to the literal \'dev-jwt\' when `APP_JWT_KEY` is not set' }],
      name: 'literal defaults of pydantic settings fields are fallbacks (a warning)',
    },
    { code: { 'app/settings.py': "from pydantic_settings import BaseSettings\n\nclass Base(BaseSettings):\n    pass\n\nclass Settings(Base):\n    SECRET_KEY: str = 'changeme'\n" }, errors: [{ line: 7, message: 'falls back' }], name: 'an upper-case field of a settings class derived from BaseSettings' },
    { code: { 'acme/settings/development.py': "from .base import *\n\nDEBUG = True\nSECRET_KEY = 'dev'\n", 'acme/settings/base.py': "SESSION_COOKIE_SECURE = True\n" }, errors: [{ line: 4, column: 1 }], name: 'a settings module for development is no test configuration' },
    { code: { 'acme/settings/testing.py': "from .base import *\n\nTESTING = True\nJWT_SECRET_KEY = 'testing'\n", 'acme/settings/base.py': "SESSION_COOKIE_SECURE = True\n" }, errors: [{ line: 4, column: 1 }], name: 'a settings module for tests is app code (RULES.md exempts test configurations from FG106/FG304 only)' },
    { code: "from flask import Flask\n\ndef build(testing=False):\n    app = Flask(__name__)\n    if testing:\n        app.config.update(TESTING=True, SECRET_KEY='unit')\n    return app\n", errors: [{ line: 6, column: 9 }], name: 'set by a call that also sets TESTING=True' },
    { code: { 'settings.py': "class LocalSettings:\n    DEBUG = True\n    TESTING = True\n    JWT_SECRET_KEY = 'local-signing-key'\n\nclass UnitTestSettings:\n    TESTING = True\n    SECRET_KEY = 'unit'\n", 'app.py': "from flask import Flask\n\nfrom settings import LocalSettings\n\napp = Flask(__name__)\napp.config.from_object(LocalSettings)\n" }, errors: [{ line: 4, column: 5 }, { line: 8, column: 5 }], name: 'a configuration class with TESTING = True, the one the app loads or one for tests' },
    { code: "from flask import Flask\n\napp = Flask(__name__)\napp.config.setdefault('SECURITY_PASSWORD_SALT', 'pgc-salt')\n", errors: [{ line: 4, column: 1 }], name: 'config.setdefault with a literal' },
    { code: "from flask import Flask\n\napp = Flask(__name__)\napp.config.update(TESTING=False, SECRET_KEY='prod')\n", errors: [{ line: 4, column: 1 }], name: 'set beside TESTING=False' },
    {
      code: "from flask import Flask\n\napp = Flask(__name__)\napp.secret_key = 'supersecretkey'\n",
      errors: [{ line: 4, column: 1, message: '`app.secret_key` is set to a literal' }],
      output: "import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.secret_key = os.environ[\"SECRET_KEY\"]\n",
    },
    {
      code: "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config['SECRET_KEY'] = os.getenv('SECRET_KEY', 'dev')\n",
      errors: [{ line: 6, message: "falls back to the literal 'dev' when `SECRET_KEY` is not set" }],
      output: "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config['SECRET_KEY'] = os.environ[\"SECRET_KEY\"]\n",
      name: 'literal fallback',
    },
    { code: "from flask import Flask\n\napp = Flask(__name__)\napp.config['JWT_SECRET_KEY'] = b'\\x8f\\x1a jwt'\napp.config.update(SECRET_KEY='static', SESSION_COOKIE_NAME='x')\napp.config.from_mapping({'SECURITY_PASSWORD_SALT': 'salt'})\n", errors: [{ line: 4 }, { line: 5, message: '`SECRET_KEY`' }, { line: 6, message: '`SECURITY_PASSWORD_SALT`' }], name: 'bytes, update, from_mapping' },
    { code: "from flask import Flask\n\napp = Flask(__name__)\napp.config.update(dict(\n    DATABASE='/tmp/flaskr.db',\n    SECRET_KEY='development key',\n))\n", errors: [{ line: 4, message: '`SECRET_KEY` is set to a literal' }], name: 'config.update(dict(...)), as the old Flask tutorial' },
    { code: { 'config.py': "import os\n\nclass Config:\n    SECRET_KEY = 'change-me'\n    JWT_SECRET_KEY = os.environ.get('JWT_SECRET_KEY') or 'dev-jwt'\n" }, errors: [{ line: 4, file: 'config.py' }, { line: 5, file: 'config.py', message: "falls back to the literal 'dev-jwt'" }], name: 'config class attributes' },
    {
      code: { 'config.py': "import os\n\nclass Config:\n    SECRET_KEY = 'not-so-secret'\n    JWT_SECRET_KEY = os.environ.get('JWT_SECRET_KEY', SECRET_KEY)\n" },
      errors: [{ line: 4, file: 'config.py', message: 'is set to a literal' }, { line: 5, file: 'config.py', message: 'falls back to `SECRET_KEY`, a literal, when `JWT_SECRET_KEY` is not set' }],
      name: 'a fallback to a literal attribute of the same config class',
    },
    { code: "import os\n\nimport jwt\n\nSIGNING_KEY = 'jwt-dev-key'\nJWT_SECRET_KEY = os.getenv('JWT_SECRET_KEY') or SIGNING_KEY\n", errors: [{ line: 6, message: 'falls back to `SIGNING_KEY`, a literal' }], name: 'a fallback to a literal module constant' },
    { code: "from flask import Flask\n\nSECRET_KEY = 'development key'\n\napp = Flask(__name__)\napp.config.from_object(__name__)\n", errors: [{ line: 3 }], name: 'flaskr style: from_object(__name__)' },
    {
      code: { 'settings.py': "TOKEN_SECRET = 'tok-signing-2023'\n", 'auth.py': "import jwt\n\nfrom settings import TOKEN_SECRET\n\ndef issue(sub):\n    return jwt.encode({'sub': sub, 'exp': 1}, TOKEN_SECRET, algorithm='HS256')\n\ndef read(token):\n    return jwt.decode(token, TOKEN_SECRET, algorithms=['HS256'])\n" },
      errors: [{ file: 'settings.py', line: 1, column: 1, message: '`TOKEN_SECRET` is set to a literal' }],
      name: 'a constant of any name that signs the JWTs, reported once where it is set',
    },
    {
      code: "import jwt\n\ndef read(token):\n    return jwt.decode(token, 'inline-jwt-key', algorithms=['HS256'])\n",
      errors: [{ line: 4, column: 12, message: "`jwt.decode` verifies tokens with the literal 'inline-jwt-key'" }],
      output: "import os\nimport jwt\n\ndef read(token):\n    return jwt.decode(token, os.environ[\"JWT_SECRET_KEY\"], algorithms=['HS256'])\n",
      name: 'a literal key in the call',
    },
    { code: "import jwt\n\nSECRET_KEY = 'jwt-signing'\n\ndef issue(sub):\n    return jwt.encode({'sub': sub, 'exp': 1}, SECRET_KEY, algorithm='HS256')\n", errors: [{ line: 3 }], name: 'a module constant named SECRET_KEY' },
    {
      code: { 'conf.py': "SETTINGS = {'SECRET_KEY': 'hunter2', 'DEBUG': True}\n", 'app.py': "from flask import Flask\n\nimport conf\n\napp = Flask(__name__)\napp.config.update(conf.SETTINGS)\n" },
      errors: [{ file: 'app.py', line: 6, column: 1, message: '`SECRET_KEY` is set to a literal' }],
      output: "import os\n\nSETTINGS = {'SECRET_KEY': os.environ[\"SECRET_KEY\"], 'DEBUG': True}\n",
      name: 'a settings dict from another module, applied by name: reported at the call, fixed in the dict',
    },
    {
      code: "from flask import Flask\n\nSETTINGS = {'SECRET_KEY': 'hunter2'}\n\napp = Flask(__name__)\napp.config.from_mapping(SETTINGS)\napp.config.update(**SETTINGS)\n",
      errors: [{ line: 6 }, { line: 7 }],
      name: 'a dict constant of the same module, by name and unpacked',
    },
    {
      code: "from itsdangerous import TimedJSONWebSignatureSerializer as Serializer\nfrom itsdangerous import TimestampSigner\n\ndef issue(user_id):\n    s = Serializer('dev', expires_in=3600)\n    return s.dumps({'id': user_id})\n\ndef unsign(value):\n    key = 'signer-key'\n    return TimestampSigner(key).unsign(value, max_age=60)\n",
      errors: [{ line: 5, column: 9, message: "`Serializer` signs tokens with the literal 'dev'" }, { line: 10, column: 12, message: "`TimestampSigner` signs tokens with the literal 'signer-key'" }],
      name: 'a literal key handed to an itsdangerous serializer or signer, inline or through a local',
    },
    {
      code: "import itsdangerous\n\nSIGNER = itsdangerous.URLSafeSerializer(secret_key='reset-key')\n",
      errors: [{ line: 3, column: 10 }],
      output: "import os\nimport itsdangerous\n\nSIGNER = itsdangerous.URLSafeSerializer(secret_key=os.environ[\"SECRET_KEY\"])\n",
      name: 'a module-level serializer with a literal secret_key',
    },
    {
      code: { 'keys.py': "RESET_KEY = 'reset-links-2021'\n", 'tokens.py': "from itsdangerous import URLSafeTimedSerializer\n\nfrom keys import RESET_KEY\n\ndef reset_link(email):\n    return URLSafeTimedSerializer(RESET_KEY).dumps(email)\n" },
      errors: [{ file: 'keys.py', line: 1, column: 1, message: '`RESET_KEY` is set to a literal' }],
      name: 'a module constant of another module that an itsdangerous serializer is built with',
    },
    { code: "from flask import Flask\n\nSIGNING = 'hard-coded'\napp = Flask(__name__)\napp.config['SECRET_KEY'] = SIGNING\n", errors: [{ line: 5 }], name: 'a constant assigned from a literal' },
    {
      code: { 'config.py': "import os\n\nclass Config:\n    JWT_SECRET = 'tasks-jwt-2024'\n    LINK_SECRET = os.getenv('LINK_SECRET', 'links-dev')\n", 'tokens.py': "import jwt\nfrom flask import current_app\n\nfrom config import Config\n\ndef issue(sub):\n    return jwt.encode({'sub': sub, 'exp': 1}, Config.JWT_SECRET, algorithm='HS256')\n\ndef read_link(token):\n    return jwt.decode(token, current_app.config['LINK_SECRET'], algorithms=['HS256'])\n" },
      errors: [{ line: 4, file: 'config.py', message: '`JWT_SECRET` is set to a literal' }, { line: 5, file: 'config.py', message: "falls back to the literal 'links-dev'" }],
      name: 'config settings under any name that jwt.encode/decode take as the key, through the class or app.config',
    },
  ],
});

test('FG209 severity: a literal is an error, a literal fallback a warning; the fix is unsafe', async () => {
  const found = (await findingsFor({ 'app.py': "import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.secret_key = 'x-literal'\napp.config['JWT_SECRET_KEY'] = os.environ.get('JWT_SECRET_KEY', 'dev')\n" })).filter((f) => f.code === 'FG209');
  assert.deepEqual(found.map((f) => f.severity), ['error', 'warning']);
  assert.deepEqual(found.flatMap((f) => f.fixes.map((x) => x.applicability)), ['unsafe', 'unsafe']);
});

test('FG209 severity: a fallback to a literal class attribute is a warning, like a literal fallback', async () => {
  const found = (await findingsFor({ 'config.py': "import os\n\nclass Config:\n    SECRET_KEY = 'not-so-secret'\n    JWT_SECRET_KEY = os.getenv('JWT_SECRET_KEY', SECRET_KEY)\n" })).filter((f) => f.code === 'FG209');
  assert.deepEqual(found.map((f) => f.severity), ['error', 'warning']);
});

test('FG209 severity: a literal default of a pydantic settings field is a fallback (a warning)', async () => {
  const found = (await findingsFor({ 'settings.py': "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    SECRET_KEY: str = 'changeme'\n" })).filter((f) => f.code === 'FG209');
  assert.deepEqual(found.map((f) => f.severity), ['warning']);
});
