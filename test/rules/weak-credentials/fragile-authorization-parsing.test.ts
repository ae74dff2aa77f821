import rule from '../../../server/src/rules/weak-credentials/fragile-authorization-parsing';
import { ruleTester } from '../rule-tester';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingLines } from '../../helpers/findings';

const HEAD = "from flask import Flask, abort, request\n\napp = Flask(__name__)\n";
const L = 4;

ruleTester(rule, {
  valid: [
    { code: HEAD + "import re\n\n@app.get('/rx')\ndef rx():\n    auth = request.headers.get('Authorization', '')\n    if not re.match(r'^Bearer +([A-Za-z0-9._~+/-]+=*) *$', auth, flags=re.IGNORECASE):\n        abort(401)\n    return auth.split()[1]\n\n@app.get('/ry')\ndef ry():\n    auth = request.headers.get('Authorization', '')\n    if re.fullmatch('(?i)token \\\\S+', auth) is None:\n        abort(401)\n    return auth[6:]\n", name: 'a whole-header pattern that starts with the scheme and ignores case checks scheme and shape' },
    { code: HEAD + "\n\n@app.get('/me')\ndef me():\n    pair = request.headers.get('Authorization')\n    if pair:\n        pair = pair.split('=', 1)\n        if len(pair) >= 2 and pair[0].lower() == 'key':\n            return pair[1]\n    abort(401)\n", name: 'a header split once and required to have two parts has exactly two' },
    { code: HEAD + "import os\n\n\n@app.before_request\ndef get_auth():\n    authorization = request.headers.get('Authorization', '')\n    try:\n        auth_type, auth_info = authorization.split(None, 1)\n        auth_type = auth_type.lower()\n        if auth_type != 'bearer' or auth_info != os.environ['AUTH_TOKEN']:\n            abort(401)\n    except ValueError:\n        abort(401)\n", name: 'the unpacked scheme lower-cased under its own name before it is compared' },
    { code: HEAD + "\n@app.get('/u')\ndef u():\n    scheme, token = request.headers.get('Authorization', '').split()\n    if scheme.lower() != 'bearer':\n        abort(401)\n    user, _, pw = request.headers.get('X-Creds', '').partition(':')\n    return token\n", name: 'the header unpacked into two names (any other count raises) and the scheme compared in any case' },
    {
      code: HEAD + "PREFIX = 'bearer '\n\n@app.get('/r')\ndef r():\n    header = request.headers.get('Authorization', '')\n    if not header.lower().startswith(PREFIX):\n        abort(401)\n    return header[len(PREFIX):]\n",
      name: 'a case-insensitive startswith of a prefix constant, then the slice after it',
    },
    { code: HEAD + "SCHEME = 'bearer'\n\n@app.get('/r')\ndef r():\n    parts = request.headers.get('Authorization', '').split()\n    if len(parts) != 2 or parts[0].lower() != SCHEME:\n        abort(401)\n    return parts[1]\n", name: 'the scheme compared with a constant' },
    { code: HEAD + "\n@app.get('/s')\ndef s():\n    parts = request.headers.get('Authorization', '').split()\n    if len(parts) != 2 or parts[0].lower() != 'bearer':\n        abort(401)\n    return parts[1]\n", name: 'part count and case-insensitive scheme' },
    { code: HEAD + "\n@app.get('/p')\ndef p():\n    scheme, _, token = request.headers.get('Authorization', '').partition(' ')\n    if scheme.lower() != 'bearer' or not token or ' ' in token:\n        abort(401)\n    return token\n", name: 'partition with scheme and shape checks' },
    { code: HEAD + "\n@app.get('/m')\ndef m():\n    auth = request.headers.get('Authorization', '')\n    if not auth.lower().startswith('bearer '):\n        abort(401)\n    return auth[7:]\n", name: "lower().startswith('bearer ') then [7:]: exactly what follows the scheme" },
    { code: HEAD + "\n@app.get('/l')\ndef l():\n    auth = request.headers.get('Authorization', '')\n    if not auth.lower().startswith('bearer ') or auth.count(' ') != 1:\n        abort(401)\n    return auth[7:]\n", name: 'lower().startswith and a space count' },
    {
      code: HEAD + "\ndef bearer_token():\n    value = request.headers.get('Authorization', '').strip()\n    if not value.lower().startswith('bearer '):\n        return None\n    return value.split(' ', 1)[1].strip()\n",
      name: "lower().startswith('bearer ') then split(' ', 1): always two parts",
    },
    { code: HEAD + "\ndef parse_bearer(header_value):\n    return header_value.split()[1]\n", name: 'a parameter is not known to be the header' },
    { code: HEAD + "\n@app.get('/x')\ndef x():\n    return request.headers.get('X-Forwarded-For', '').split(',')[1]\n", name: 'another header' },
  ],
  invalid: [
    {
      code: HEAD + "import re\n\n@app.get('/rx')\ndef rx():\n    auth = request.headers.get('Authorization', '')\n    if not re.match('^Bearer ([^ ]+)$', auth):\n        abort(401)\n    return auth.split(' ')[1]\n\n@app.get('/ry')\ndef ry():\n    auth = request.headers.get('Authorization', '')\n    if not re.match('^Bearer (.+)$', auth, re.I) or not re.search('Bearer [^ ]+$', auth, re.I):\n        abort(401)\n    return auth.split(' ')[1]\n",
      errors: [
        { line: L + 7, message: 'without checking the scheme (case-insensitively), so' },
        { line: L + 14, message: 'without checking the scheme (case-insensitively) or the number of parts' },
      ],
      name: 'a case-sensitive pattern checks the shape only; one that lets any text follow, or is not anchored, checks no shape',
    },
    { code: HEAD + "\n\n@app.get('/me')\ndef me():\n    parts = request.headers.get('Authorization', '').split()\n    if len(parts) >= 2 and parts[0].lower() == 'bearer':\n        return parts[1]\n    abort(401)\n", errors: [{ line: L + 6, message: 'without checking the number of parts' }], name: 'at least two parts of a header split at every space lets `Bearer a b` through' },
    { code: HEAD + "\n@app.get('/u')\ndef u():\n    _, token = request.headers['Authorization'].split()\n    return token\n", errors: [{ line: L + 3, column: 16, message: 'without checking the scheme (case-insensitively), so' }], name: 'the header unpacked into two names with the scheme never looked at' },
    {
      code: HEAD + "BEARER = 'Bearer '\n\n@app.get('/r')\ndef r():\n    return request.headers.get('Authorization', '').replace(BEARER, '')\n",
      errors: [{ line: L + 4, column: 12 }],
      name: 'replace of a scheme prefix kept in a constant',
    },
    {
      code: HEAD + "import base64\n\n@app.get('/b')\ndef b():\n    value = request.headers.get('Authorization', '')\n    if value.startswith('Basic '):\n        value = value.replace('Basic ', '', 1)\n    decoded = base64.b64decode(value).decode()\n    return decoded.split(':')[1]\n",
      errors: [{ line: L + 6, column: 17 }],
      name: "the decoded user:password split on ':' is not the header cut apart: one finding, on the replace",
    },
    {
      code: HEAD + "\n@app.get('/k')\ndef k():\n    auth = request.headers.get('Authorization', '')\n    if auth[:6] != 'Basic ':\n        abort(401)\n    return auth[6:]\n",
      errors: [{ line: L + 6, column: 12, message: 'the first is `basic` in any case' }],
      name: 'a slice after a case-sensitive prefix test names the scheme it cuts off',
    },
    {
      code: HEAD + "\n@app.get('/a')\ndef a():\n    token = request.headers['Authorization'].split(' ')[1]\n    return token\n",
      errors: [{ line: L + 3, column: 13, message: "parsed with `split(' ')[1]` without checking the scheme (case-insensitively) or the number of parts" }],
    },
    { code: HEAD + "\n@app.get('/b')\ndef b():\n    return request.headers.get('Authorization', '').split()[1]\n", errors: [{ line: L + 3, column: 12, message: '`split()[1]`' }], name: 'split()[1]' },
    {
      code: HEAD + "import base64\n\n@app.get('/basic')\ndef basic():\n    decoded = base64.b64decode(request.headers['Authorization'].split(' ')[1]).decode()\n    return decoded.split(':')[1]\n",
      errors: [{ line: L + 4, column: 32 }],
      name: 'Basic credentials: the header split is reported, not the user:password split',
    },
    { code: HEAD + "\n@app.get('/c')\ndef c():\n    auth_header = request.headers.get('Authorization', '')\n    token = auth_header[7:]\n    return token\n", errors: [{ line: L + 4, column: 13, message: '`[7:]`' }], name: '[7:]' },
    { code: HEAD + "\n@app.get('/basic')\ndef basic():\n    return request.headers.get('Authorization', '').replace('Basic ', '', 1)\n", errors: [{ line: L + 3, message: 'the first is `basic` in any case' }], name: 'the message names the scheme the parse strips' },
    { code: HEAD + "\n@app.get('/d')\ndef d():\n    return request.headers.get('Authorization', '').replace('Bearer ', '')\n", errors: [{ line: L + 3, message: "`replace('Bearer ', '')`" }], name: "replace('Bearer ', '')" },
    {
      code: HEAD + "\n@app.get('/e')\ndef e():\n    auth = request.headers.get('Authorization', '')\n    if not auth.startswith('Bearer '):\n        abort(401)\n    return auth.split(' ')[1]\n",
      errors: [{ line: L + 6, message: 'without checking the scheme (case-insensitively) or the number of parts' }],
      name: 'case-sensitive startswith is not a scheme check',
    },
    {
      code: HEAD + "\ndef bearer_token():\n    value = request.headers.get('Authorization', '')\n    if not value.lower().startswith('bearer '):\n        return None\n    return value.split(' ')[1]\n",
      errors: [{ line: L + 5, message: 'without checking the number of parts, so' }],
      name: 'a checked prefix does not bound an unlimited split',
    },
    {
      code: HEAD + "\ndef bearer_token():\n    value = request.headers.get('Authorization', '')\n    if not value.startswith('Bearer '):\n        return None\n    return value.split(' ', maxsplit=1)[1]\n",
      errors: [{ line: L + 5, message: 'without checking the scheme (case-insensitively), so' }],
      name: "case-sensitive startswith('Bearer ') then split(' ', 1): the shape holds, the scheme check does not",
    },
    {
      code: HEAD + "\n@app.get('/f')\ndef f():\n    parts = request.headers.get('Authorization', '').split(' ')\n    if len(parts) != 2:\n        abort(401)\n    return parts[1]\n",
      errors: [{ line: L + 6, message: 'without checking the scheme (case-insensitively), so' }],
      name: 'part count alone',
    },
  ],
});

// Found on real code (cosmic-byte/flask-restplus-boilerplate): the view hands the header to a service method.
test('FG204: the Authorization header passed to a helper that splits it', async () => {
  const code =
    "from flask import Flask, request\n\napp = Flask(__name__)\n\n\nclass Auth:\n    @staticmethod\n    def logout_user(data):\n        if data:\n            auth_token = data.split(' ')[1]\n        else:\n            auth_token = ''\n        return revoke(auth_token)\n\n\n" +
    "@app.post('/auth/logout')\ndef logout():\n    auth_header = request.headers.get('Authorization')\n    return Auth.logout_user(data=auth_header)\n";
  assert.deepEqual(await findingLines(code, ['FG204']), ['app.py:10 FG204']);
});

test('FG204: a helper handed the header that checks its scheme and shape', async () => {
  const code =
    "from flask import Flask, abort, request\n\napp = Flask(__name__)\n\n\ndef bearer_of(header, strict=True):\n    parts = (header or '').split()\n    if len(parts) != 2 or parts[0].lower() != 'bearer':\n        abort(401)\n    return parts[1]\n\n\n" +
    "def unrelated(value):\n    return value.split(' ')[1]\n\n\n" +
    "@app.get('/me')\ndef me():\n    return bearer_of(request.headers.get('Authorization'), strict=True) + unrelated(request.args.get('q', 'a b'))\n";
  assert.deepEqual(await findingLines(code, ['FG204']), []);
});
