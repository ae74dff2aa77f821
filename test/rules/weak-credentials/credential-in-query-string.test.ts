import rule from '../../../server/src/rules/weak-credentials/credential-in-query-string';
import { ruleTester } from '../rule-tester';

const HEAD = "from flask import Flask, request\n\napp = Flask(__name__)\n";
const L = 4;
const PARSER = "from flask_restful import reqparse\n\nparser = reqparse.RequestParser()\n";

ruleTester(rule, {
  valid: [
    { code: HEAD + "from flask import abort, session\n\nissued = {}\n\n@app.get('/post/remove')\ndef remove_post():\n    token = request.args.get('token')\n    if token not in issued_csrf or issued_csrf.pop(token) != session.get('uid'):\n        abort(403)\n    return 'ok'\n\n@app.post('/post/edit')\ndef edit_post():\n    if request.args.get('token') != session.get('_csrf_token'):\n        abort(403)\n    return 'ok'\n\n@app.post('/post/pin')\ndef pin_post():\n    validate_csrf(request.args.get('t'))\n    return 'ok'\n", name: 'a token checked against the issued CSRF tokens, the session\'s CSRF value, or a CSRF validator' },
    { code: HEAD + "\n@app.get('/items')\ndef items():\n    key = request.args.get('k')\n    page_token = request.args.get('p')\n    reset_token = request.args.get('r')\n    password_length = request.args.get('n')\n    return find(key, page_token, reset_token, password_length)\n", name: 'variables naming a lookup key, a paging cursor, a link token or no credential' },
    { code: HEAD + "\n@app.get('/download')\ndef download():\n    data = verify_download(request.args.get('sig', ''), request.args.get('expires'))\n    url_signature = request.args['url_signature']\n    return send(data, url_signature)\n", name: 'the signature of a signed URL belongs in its query string' },
    { code: HEAD + "\n@app.get('/gpio')\ndef gpio():\n    pin = int(request.args.get('pin', 0))\n    level = request.args.get('pin', type=int)\n    relay = request.args['relay_pin']\n    return str((pin, level, relay))\n", name: 'a GPIO pin number read as a number, or named for the hardware, is no PIN' },
    {
      code: PARSER + "parser.add_argument('Authorization', location='headers')\nparser.add_argument('page_token', location='args')\n\nimport argparse\nargparse.ArgumentParser().add_argument('--api-token')\n",
      name: 'request-parser arguments that are no credential or not in the query string, and argparse',
    },
    { code: HEAD + "\n@app.get('/s')\ndef s():\n    return str(request.args.get('page', 1, type=int)) + request.args.get('keyword', '') + request.args.get('sort_key', '') + request.args.get('page_token', '')\n", name: 'not credentials (a pagination token is a cursor)' },
    { code: HEAD + "\n@app.get('/h')\ndef h():\n    return request.headers.get('X-API-Key', '')\n", name: 'a header' },
    { code: HEAD + "\n@app.get('/cache')\ndef cache():\n    return request.args.get('key', '')\n", name: 'a bare key on its own is a lookup key' },
    { code: HEAD + "\n@app.route('/account/new-password', methods=['GET', 'POST'])\ndef new_password():\n    user = User.from_signed(request.args.get('reset_token', ''), max_age=3600)\n    return render_template('pick.html', user=user)\n", name: 'a token named for a one-time link (password reset)' },
    { code: HEAD + "\n@app.get('/signup/confirm')\ndef confirm_signup():\n    address = signer.loads(request.args.get('token', ''), max_age=86400)\n    Account.activate(address)\n    return 'confirmed'\n", name: 'the plain token read by the view of an address-confirmation link' },
    { code: HEAD + "\n@app.route('/forgot-password/finish', methods=['GET', 'POST'])\ndef finish_password_reset():\n    member = read_mailed(request.args['token'])\n    if request.method == 'POST':\n        member.change_password(request.form['password'])\n    return 'ok'\n", name: 'the plain token read by the view of a password-reset link' },
    { code: HEAD + "\n@app.get('/oauth/callback')\ndef callback():\n    return request.args.get('oauth_token', '') + request.args.get('oauth_verifier', '')\n", name: 'OAuth 1.0a callback parameters' },
    { code: HEAD + "\n@app.get('/feed')\ndef feed():\n    return page(request.args.get('nextPageToken'), request.args.get('userName'))\n", name: 'a camelCase paging cursor and user name' },
  ],
  invalid: [
    { code: HEAD + "from flask import abort, session\n\n@app.get('/post/remove')\ndef remove_post():\n    token = request.args.get('token')\n    if session.get('csrf_ok') and token != session.get('api_token'):\n        abort(403)\n    return 'ok'\n", errors: [{ line: L + 4, message: '`token` is read from the query string' }], name: 'a token checked against a credential, beside a CSRF-named flag it is not compared with' },
    { code: HEAD + "\n@app.get('/panel/door')\ndef change_door():\n    new_door_password = request.args.get('v')\n    save_door(new_door_password)\n    return 'ok'\n", errors: [{ line: L + 3, column: 25, message: '`v` (kept as `new_door_password`) is read from the query string' }], name: 'a parameter of any name read straight into a password-named variable' },
    { code: HEAD + "\n@app.get('/feed')\ndef feed():\n    return lookup(request.args.get('api_signature', ''))\n", errors: [{ line: L + 3, message: '`api_signature`' }], name: 'a standing API credential named a signature' },
    { code: HEAD + "\n@app.get('/unlock')\ndef unlock():\n    pin = request.args.get('pin', '')\n    return check_pin(pin)\n", errors: [{ line: L + 3, column: 11, message: '`pin`' }], name: 'a PIN kept as the string typed' },
    { code: PARSER + "parser.add_argument('api_token', location='args', required=True)\n", errors: [{ line: 4, column: 1, message: 'by the request parser' }], name: 'a request parser reading the token from the query string' },
    { code: PARSER + "parser.add_argument('password', location=['values', 'json'])\n", errors: [{ line: 4, column: 1 }], name: 'a request parser reading the password from request.values' },
    {
      code: HEAD + "\n@app.get('/a')\ndef a():\n    api_key = request.args.get('api_key') or request.headers.get('X-API-Key', '')\n    return api_key\n", errors: [{ line: L + 3, column: 15, message: '`api_key` is read from the query string' }],
      output: HEAD + "\n@app.get('/a')\ndef a():\n    api_key = request.headers.get('X-API-Key', '')\n    return api_key\n",
    },
    { code: HEAD + "\n@app.get('/k')\ndef k():\n    return request.args.get('key') or request.headers.get('X-Api-Key', '')\n", errors: [{ line: L + 3, column: 12, message: '`key` is read from the query string' }], name: 'a bare key with a credential header as its alternative' },
    { code: HEAD + "from functools import wraps\nfrom flask import abort\n\ndef needs_key(view):\n    @wraps(view)\n    def inner(*args, **kwargs):\n        if find_account(request.args.get('key')) is None:\n            abort(401)\n        return view(*args, **kwargs)\n    return inner\n", errors: [{ line: L + 6, message: '`key`' }], name: 'a bare key in a guard that answers 401' },
    { code: HEAD + "\n@app.get('/feed.ics')\ndef feed():\n    return request.args['token']\n", errors: [{ line: L + 3, column: 12, message: '`token`' }], name: 'subscript' },
    { code: HEAD + "\n@app.get('/export')\ndef export():\n    if not request.args.get('token'):\n        return 'token missing', 401\n    return lookup(request.args['token'])\n", errors: [{ line: L + 3, column: 12, message: '`token`' }], name: 'one parameter read twice in a function is one finding' },
    { code: HEAD + "\n@app.get('/one')\ndef one():\n    return request.args.get('token', '')\n\n@app.get('/two')\ndef two():\n    return request.args.get('token', '')\n", errors: [{ line: L + 3 }, { line: L + 7 }], name: 'each function that reads it' },
    { code: HEAD + "\n@app.get('/signup/confirm')\ndef confirm_signup():\n    return lookup(request.args.get('api_key', ''))\n", errors: [{ line: L + 3, message: '`api_key`' }], name: 'an API key is no link token, even in a confirmation view' },
    { code: HEAD + "\n@app.get('/reports')\ndef reports():\n    return load(request.args.get('token', ''))\n", errors: [{ line: L + 3, message: '`token`' }], name: 'a plain token outside a reset or confirmation link' },
    { code: HEAD + "\n@app.get('/password/reset')\ndef reset_password():\n    return check(request.args.get('password', ''))\n", errors: [{ line: L + 3, message: '`password`' }], name: 'a password sent in the URL of a reset view is no link token' },
    { code: HEAD + "\n@app.post('/v')\ndef v():\n    return request.values.get('access_token', '')\n", errors: [{ line: L + 3, message: '`request.values` (which includes the query string)' }], name: 'request.values' },
    { code: { 'util.py': "from functools import wraps\n\nfrom flask import abort, current_app, request\n\nUI_API_KEY = 'a3f9c2e4b5d6'\n\n\ndef get_api_key(req):\n    return req.values.get('apikey') or req.headers.get('X-Api-Key')\n\n\ndef api_key_required(f):\n    @wraps(f)\n    def decorated(*args, **kwargs):\n        if get_api_key(request) != current_app.config['API_KEY']:\n            abort(403)\n        return f(*args, **kwargs)\n    return decorated\n" }, errors: [{ file: 'util.py', line: 9, column: 12, message: '`apikey` is read from `request.values`' }], name: 'OctoPrint-style get_api_key(req) that every caller hands `request`' },
    { code: { 'util.py': "from functools import wraps\n\nfrom flask import abort, current_app, request\n\nUI_API_KEY = 'a3f9c2e4b5d6'\n\n\ndef get_api_key(req):\n    return req.values.get('apikey') or req.headers.get('X-Api-Key')\n\n\ndef api_key_required(f):\n    @wraps(f)\n    def decorated(*args, **kwargs):\n        if get_api_key(request) != current_app.config['API_KEY']:\n            abort(403)\n        return f(*args, **kwargs)\n    return decorated\n\n\ndef describe(req):\n    return req.args.get('token')\n\n\ndef seen():\n    return describe(None)\n" }, errors: [{ file: 'util.py', line: 9, column: 12 }], name: 'a parameter some caller hands something other than the request is not read as the request' },
    { code: HEAD + "\n@app.get('/export')\ndef export():\n    return run_export(request.args.get('accessToken'))\n", errors: [{ line: L + 3, message: '`accessToken`' }], name: 'a camelCase access token' },
  ],
});
