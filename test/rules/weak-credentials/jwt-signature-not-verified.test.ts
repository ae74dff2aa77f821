import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../server/src/rules/weak-credentials/jwt-signature-not-verified';
import { findingsFor } from '../../helpers/engine';
import { ruleTester } from '../rule-tester';

const HEAD = "import os\n\nimport jwt\n\nKEY = os.environ['JWT_SECRET']\n";
const L = 6;
const ENCODE = "\ndef issue(sub):\n    return jwt.encode({'sub': sub, 'exp': 1}, KEY, algorithm='HS512')\n";

ruleTester(rule, {
  valid: [
    { code: { 'svc/issue.py': "import jwt\n\ndef issue(sub, key):\n    raw = jwt.encode({'sub': sub, 'exp': 1}, key, 'HS256')\n    return raw.decode('ascii') if isinstance(raw, bytes) else raw\n", 'svc/check.py': "import jwt\n\ndef check(token, key):\n    return jwt.decode(token, key, 'HS256')\n" }, name: 'a .decode() only for bytes serves PyJWT 1.x and 2.x alike: the third positional stays algorithms' },
    { code: { 'svc/issue.py': "import base64\n\nimport jwt\n\ndef issue(sub, key):\n    raw = base64.b64encode(sub.encode())\n    return jwt.encode({'sub': raw.decode()}, key, 'HS256')\n", 'svc/check.py': "import jwt\n\ndef check(token, key):\n    return jwt.decode(token, key, ['HS256'])\n" }, name: 'a .decode() of something other than an encoded token says nothing of the PyJWT version' },
    { code: { 'svc/config.py': "import os\n\nclass Config:\n    JWT_KEY = os.environ['JWT_KEY']\n    JWT_ALGORITHMS = ['HS256']\n", 'svc/auth.py': "import jwt\nfrom flask import current_app\n\ndef read(token):\n    return jwt.decode(token, current_app.config['JWT_KEY'], algorithms=current_app.config['JWT_ALGORITHMS'])\n" }, name: 'algorithms from a setting the app pins' },
    { code: { 'tests/test_tokens.py': "import jwt\n\ndef test_claims(make_token):\n    claims = jwt.decode(make_token(1), options={'verify_signature': False})\n    assert claims['sub'] == 1\n" }, name: 'a test reading the claims of a token it made (test files are not checked)' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=['HS256'], audience='api')\n", name: 'pinned algorithms and a key' },
    { code: "from authlib.jose import jwt\n\ndef read(token, key):\n    return jwt.decode(token, key)\n", name: 'Authlib has no algorithms argument' },
    { code: "from authlib.jose import jwt\n\ndef user(token, key):\n    claims = jwt.decode(token, key)\n    if claims['role'] == 'admin':\n        return 'admin'\n    return claims\n", name: 'Authlib verifies the signature: its claims deciding is no FG205' },
    { code: "from flask_jwt_extended import JWTManager\n\njwt = JWTManager()\n\ndef read(token):\n    return jwt.decode(token)\n", name: 'a JWTManager called jwt is not PyJWT' },
    { code: "import logging\nfrom jose import jwt\n\ndef note(token):\n    claims = jwt.get_unverified_claims(token)\n    logging.info('token for %s', claims.get('sub'))\n", name: 'unverified claims only logged' },
    { code: HEAD + "JWKS = {}\n\ndef read(token):\n    kid = jwt.get_unverified_header(token)['kid']\n    return jwt.decode(token, JWKS[kid], algorithms=['RS256'])\n", name: 'the unverified header picks the key; the token is then verified' },
    { code: "from jose import jwt\n\ndef read(token, key):\n    return jwt.decode(token, key, algorithms=['RS256'])\n", name: 'python-jose with algorithms' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode_complete(token, KEY, algorithms=['HS256'], options={'require': ['exp']}, leeway=10)['payload']\n", name: 'decode_complete with pinned algorithms, required claims and leeway' },
  ],
  invalid: [
    {
      code: { 'svc/check.py': "import jwt\n\ndef check(token, key):\n    return jwt.decode(token, key, 'HS256')\n", 'svc/issue.py': "import jwt\n\ndef issue(sub, key):\n    raw = jwt.encode({'sub': sub, 'exp': 1}, key, 'HS256')\n    return raw.decode('ascii')\n" },
      errors: [{ file: 'svc/check.py', line: 4, column: 12, message: 'no `algorithms=` is given' }],
      output: "import jwt\n\ndef check(token, key):\n    return jwt.decode(token, key, 'HS256', algorithms=[\"HS256\"])\n",
      name: "PyJWT 1.x (an encoded token turned into text with .decode()): decode's third positional is verify, not algorithms",
    },
    { code: { 'svc/config.py': "import os\n\nclass Config:\n    JWT_KEY = os.environ['JWT_KEY']\n    JWT_ALGORITHMS = ['HS256', 'none']\n", 'svc/auth.py': "import jwt\nfrom flask import current_app\n\ndef read(token):\n    return jwt.decode(token, current_app.config['JWT_KEY'], algorithms=current_app.config['JWT_ALGORITHMS'])\n" }, errors: [{ file: 'svc/auth.py', line: 5, column: 12, message: 'allows `none`' }], name: 'algorithms from a setting the app configures with none' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=jwt.algorithms.get_default_algorithms())\n", errors: [{ line: L + 2, column: 12, message: 'every algorithm PyJWT knows' }], name: "PyJWT's whole algorithm table" },
    { code: "import os\n\nimport jwt\nfrom jwt.algorithms import get_default_algorithms\n\nALLOWED = list(get_default_algorithms().keys())\n\ndef read(token):\n    return jwt.decode(token, os.environ['K'], algorithms=ALLOWED)\n", errors: [{ line: 9, message: 'every algorithm PyJWT knows' }], name: 'the keys of the algorithm table, through names' },
    { code: { 'scripts/debug_token.py': "import sys\n\nimport jwt\n\ndef main():\n    print(jwt.decode(sys.argv[1], options={'verify_signature': False}))\n" }, errors: [{ line: 6, column: 11 }], name: 'a tooling script is not a test' },
    {
      code: HEAD + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=[jwt.get_unverified_header(token)['alg']])\n",
      errors: [{ line: L + 2, column: 12, message: "the token's own header" }],
      name: 'algorithms taken from the header of the token being verified',
    },
    {
      code: HEAD + "\ndef read(token):\n    header = jwt.get_unverified_header(token)\n    allowed = [header['alg']]\n    return jwt.decode(token, KEY, algorithms=allowed)\n",
      errors: [{ line: L + 4, column: 12, message: "the token's own header" }],
      name: 'algorithms from the unverified header, through names',
    },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, options={'verify_signature': False})\n", errors: [{ line: L + 2, column: 12, message: '`options={"verify_signature": False}` turns signature verification off' }], name: 'verify_signature False' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, verify=False)\n", errors: [{ line: L + 2, message: '`verify=False`' }], name: 'PyJWT 1 verify=False' },
    {
      code: HEAD + ENCODE + "\ndef read(token):\n    return jwt.decode(token, KEY)\n",
      errors: [{ line: L + 5, column: 12, message: 'no `algorithms=` is given' }],
      output: HEAD + ENCODE + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=[\"HS512\"])\n",
      name: 'no algorithms: pinned to what jwt.encode uses',
    },
    {
      code: HEAD + "PUBLIC_KEY = os.environ['PUBLIC_KEY']\n\ndef read(token):\n    return jwt.decode(token, PUBLIC_KEY, audience='api')\n",
      errors: [{ line: L + 3 }],
      output: HEAD + "PUBLIC_KEY = os.environ['PUBLIC_KEY']\n\ndef read(token):\n    return jwt.decode(token, PUBLIC_KEY, audience='api', algorithms=[\"RS256\"])\n",
      name: 'no algorithms and no encode: a guess from the key name',
    },
    {
      code: HEAD + ENCODE + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=None)\n",
      errors: [{ line: L + 5, message: 'no `algorithms=` is given' }],
      output: HEAD + ENCODE + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=[\"HS512\"])\n",
      name: 'algorithms=None is no algorithms',
    },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode_complete(token, KEY)['payload']\n", errors: [{ line: L + 2, column: 12, message: '`jwt.decode_complete`: no `algorithms=` is given' }], output: HEAD + "\ndef read(token):\n    return jwt.decode_complete(token, KEY, algorithms=[\"HS256\"])['payload']\n", name: 'decode_complete without algorithms' },
    { code: HEAD + "\ndef read(token):\n    return jwt.api_jwt.decode_complete(token, options={'verify_signature': False})\n", errors: [{ line: L + 2, message: 'turns signature verification off' }], name: 'decode_complete with verification off' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=['HS256', 'none'])\n", errors: [{ line: L + 2, message: 'allows `none`' }], name: "'none' among the algorithms" },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, '', algorithms=['HS256'])\n", errors: [{ line: L + 2, message: 'the key is empty' }], name: 'empty key' },
    {
      code: "from flask import session\nfrom jose import jwt\nfrom models import User\n\ndef sso_login(token):\n    claims = jwt.get_unverified_claims(token)\n    user = User.query.filter_by(email=claims['email']).first_or_404()\n    session['user_id'] = user.id\n",
      errors: [{ line: 6, column: 14, message: 'reads the token without verifying it' }],
      name: 'unverified claims pick the user to log in',
    },
    { code: "from flask_login import login_user\nfrom jose import jwt\n\ndef load(token):\n    login_user(jwt.get_unverified_claims(token))\n", errors: [{ line: 5, column: 16 }], name: 'unverified claims handed to login_user' },
    { code: "from flask import g\nfrom jose import jwt\n\ndef load(token):\n    g.tenant = jwt.get_unverified_claims(token)['tenant']\n", errors: [{ line: 5, column: 16 }], name: 'unverified claims stored as the request identity' },
    { code: "from jose import jwt\n\ndef is_admin(token):\n    claims = jwt.get_unverified_claims(token)\n    if claims.get('role') == 'admin':\n        return True\n    return False\n", errors: [{ line: 4, column: 14, message: 'reads the token without verifying it' }], name: 'a decision on unverified claims' },
  ],
});

test('FG205 fix: safe with the algorithm jwt.encode uses, unsafe when guessed', async () => {
  const known = (await findingsFor({ 'app.py': HEAD + ENCODE + "\ndef read(token):\n    return jwt.decode(token, KEY)\n" })).filter((f) => f.code === 'FG205');
  assert.deepEqual(known.flatMap((f) => f.fixes.map((x) => [x.title, x.applicability])), [['Pin `algorithms=["HS512"]`', 'safe']]);
  const guessed = (await findingsFor({ 'app.py': HEAD + "\ndef read(token):\n    return jwt.decode(token, KEY)\n" })).filter((f) => f.code === 'FG205');
  assert.deepEqual(guessed.flatMap((f) => f.fixes.map((x) => [x.title, x.applicability])), [['Pin `algorithms=["HS256"]`', 'unsafe']]);
  const other = (await findingsFor({ 'app.py': HEAD + "\ndef read(token):\n    return jwt.decode(token, verify=False)\n" })).filter((f) => f.code === 'FG205');
  assert.deepEqual(other.flatMap((f) => f.fixes), [], 'no fix when verification is switched off');
});
