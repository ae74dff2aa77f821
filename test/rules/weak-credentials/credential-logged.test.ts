import rule from '../../../server/src/rules/weak-credentials/credential-logged';
import { ruleTester } from '../rule-tester';

const HEAD = "import logging\n\nfrom flask import Flask, current_app, request\n\napp = Flask(__name__)\nlog = logging.getLogger('x')\n";
const L = 7;

ruleTester(rule, {
  valid: [
    { code: HEAD + "\n@app.post('/gpio')\ndef gpio():\n    pin = int(request.json['pin'])\n    log.info('toggling pin %s', pin)\n    return 'ok'\n", name: 'a GPIO pin number converted where it is read' },
    { code: "import secrets\n\nimport click\nfrom flask import Flask\n\napp = Flask(__name__)\n\n@app.cli.command('create-api-key')\n@click.argument('name')\ndef create_api_key(name):\n    api_key = secrets.token_urlsafe(32)\n    print(f'API key for {name}: {api_key}')\n", name: 'a CLI command printing the key it minted to the operator' },
    { code: { 'testing/helpers.py': "import logging\n\nlog = logging.getLogger(__name__)\n\ndef login(client, password='pw'):\n    log.info('login with %s', password)\n    return client.post('/login', data={'password': password})\n" }, name: 'a test helper (test files are not checked)' },
    { code: HEAD + "import os\n\n\nclass AccessLog:\n    def __init__(self, app):\n        self.app = app\n\n    def __call__(self, environ, start_response):\n        log.info('%s %s ua=%s', environ['REQUEST_METHOD'], environ.get('PATH_INFO'), environ.get('HTTP_USER_AGENT'))\n        log.info('routing %s, env %s', environ.get('HTTP_X_ROUTING_KEY'), os.environ.get('FLASK_ENV'))\n        return self.app(environ, start_response)\n", name: 'non-secret values of the WSGI environ' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    form = LoginForm()\n    log.info('login attempt by %s', form.username.data)\n    return 'ok'\n", name: 'a WTForms user name field' },
    { code: HEAD + "\n@app.get('/d')\ndef d():\n    user = verify_token(request.headers.get('X-Token', ''))\n    log.info('request by %s', user)\n    return 'ok'\n", name: 'what a token check returns is the identity, not the token' },
    { code: HEAD + "\n@app.get('/c')\ndef c():\n    token = request.headers.get('Authorization')\n    log.debug('has token: %s', bool(token or ''))\n    return 'ok'\n", name: 'whether a token was sent (`bool(...)`), not the token' },
    { code: HEAD + "\ndef decode_bearer(token):\n    pieces = token.split()\n    kind = pieces[0]\n    claims = parse(pieces[1])\n    log.debug('scheme %s for %s', kind, claims['sub'])\n    return claims\n", name: 'the scheme of a credential parameter, and what a call made of it' },
    { code: HEAD + "\n@app.get('/a')\ndef a():\n    log.warning('bad api key from %s', request.remote_addr)\n    log.info('user %s', request.headers.get('User-Agent'))\n    return 'ok'\n", name: 'no secrets' },
    { code: HEAD + "\n@app.get('/b')\ndef b():\n    key = request.headers.get('X-API-Key', '')\n    log.info('key prefix %s, length %d', key[:8], len(key))\n    return 'ok'\n", name: 'a short prefix and a length' },
    { code: HEAD + "\n@app.get('/feed')\ndef feed():\n    body = request.get_json()\n    log.info('feed after %s', body['next_token'])\n    return 'ok'\n", name: 'a pagination cursor is not a credential' },
    { code: HEAD + "\ndef c(token_id, user):\n    log.info('revoked token %s for %s', token_id, user.id)\n    print('done')\n", name: 'ids are not secrets' },
    { code: HEAD + "\n@app.post('/hooks/build')\ndef build_hook():\n    event = request.get_json()\n    log.info('build event %s', event)\n    return ''\n", name: 'the body of a request that sends no credential' },
    { code: HEAD + "\n@app.post('/signin')\ndef signin():\n    log.info('sign-in fields: %s', list(request.form.keys()))\n    return 'ok' if request.form['password'] else 'no'\n", name: 'the field names of a login form, not their values' },
    { code: HEAD + "\n@app.get('/k')\ndef k():\n    key = request.headers.get('X-API-Key')\n    if not key:\n        log.warning('no api key: %r', key)\n        return 'missing', 401\n    return 'ok'\n", name: 'the credential logged where the test says it is missing' },
    { code: HEAD + "\n@app.get('/k2')\ndef k2():\n    token = request.cookies.get('auth_token')\n    if token is not None:\n        return 'ok'\n    else:\n        print('anonymous', token)\n    return 'anon'\n", name: 'the else branch of a presence test' },
    { code: HEAD + "\ndef deny(action, credentials):\n    credentials.pop('session_token', None)\n    log.info('refused %s for %s', action, credentials)\n    return False\n", name: 'a mapping whose secret was popped before the log line' },
    { code: HEAD + "\ndef deny(action, credentials):\n    del credentials['password']\n    log.info('refused %(a)s for %(c)s', {'a': action, 'c': credentials})\n    return False\n", name: 'a mapping whose secret was deleted before the log line' },
  ],
  invalid: [
    { code: HEAD + "\n@app.post('/unlock')\ndef unlock():\n    pin = request.json['pin']\n    log.info('unlock with pin %s', pin)\n    return 'ok'\n", errors: [{ line: L + 4 }], name: 'a PIN logged as the string typed' },
    { code: "import logging\nimport secrets\n\nfrom flask import Flask\n\napp = Flask(__name__)\nlog = logging.getLogger(__name__)\n\n@app.cli.command('rotate-token')\ndef rotate_token():\n    token = secrets.token_hex(16)\n    log.info('rotated admin token %s', token)\n", errors: [{ line: 12 }], name: 'a CLI command logging the token: logs are kept' },
    { code: HEAD + "\n\nclass AccessLog:\n    def __init__(self, app):\n        self.app = app\n\n    def __call__(self, environ, start_response):\n        log.info('%s auth=%s', environ.get('PATH_INFO'), environ.get('HTTP_AUTHORIZATION'))\n        log.debug('key %s', environ['HTTP_X_API_KEY'])\n        log.debug('environ: %s', environ)\n        return self.app(environ, start_response)\n\n@app.before_request\ndef trace():\n    log.info(f\"token {request.environ.get('HTTP_X_AUTH_TOKEN')}\")\n", errors: [{ line: L + 7, message: 'the `authorization` header' }, { line: L + 8, message: 'the `x-api-key` header' }, { line: L + 9, message: 'every request header' }, { line: L + 14 }], name: 'credential headers read from the WSGI environ in middleware, and the whole environ' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    form = LoginForm()\n    log.info('login attempt user=%s password=%s', form.username.data, form.password.data)\n    return 'ok'\n", errors: [{ line: L + 4, column: 5, message: '`form.password.data`' }], name: 'a WTForms password field' },
    { code: HEAD + "\n@app.post('/token')\ndef token():\n    access = issue_access_token(request.json['user'])\n    log.info('issued %s', access)\n    return {'access_token': access}\n", errors: [{ line: L + 4, column: 5, message: '`access` (from `issue_access_token(...)`)' }], name: 'a token the app just made, under a name that does not say so' },
    { code: HEAD + "\ndef deny(action, credentials):\n    log.info('refused %s for %s', action, credentials)\n    credentials.pop('session_token', None)\n    return False\n", errors: [{ line: L + 2, message: '`credentials`' }], name: 'a secret popped only after the log line was written' },
    { code: HEAD + "\n@app.put('/password')\ndef change_password():\n    body = request.get_json()\n    print('changing from', body['previous_password'])\n    return 'ok'\n", errors: [{ line: L + 4, column: 5, message: 'the `previous_password` JSON field' }], name: 'the previous password a change asks for is a password, not a paging cursor' },
    { code: HEAD + "\ndef decode_bearer(token):\n    pieces = token.split()\n    raw = pieces[1]\n    log.debug('raw jwt: %s', raw)\n    return raw\n", errors: [{ line: L + 4, message: '`raw` (cut from the `token` parameter)' }], name: 'a part cut from a credential parameter' },
    { code: HEAD + "\n@app.before_request\ndef trace():\n    app.logger.debug('headers: %s', request.headers)\n", errors: [{ line: L + 3, column: 5, message: 'all request headers' }], name: 'request.headers' },
    { code: HEAD + "\n@app.post('/hook')\ndef hook():\n    current_app.logger.debug('hook headers: %s', dict(request.headers))\n    return ''\n", errors: [{ line: L + 3 }], name: 'dict(request.headers)' },
    { code: HEAD + "\n@app.get('/sync')\ndef sync():\n    auth = request.headers.get('Authorization', '')\n    app.logger.info('sync auth header %s', auth)\n    return 'ok'\n", errors: [{ line: L + 4, message: 'writes the `Authorization` header to the logs' }], name: 'the Authorization header' },
    { code: HEAD + "\n@app.get('/t')\ndef t():\n    token = request.headers.get('Authorization', '')[7:]\n    print(f'token={token}')\n    return 'ok'\n", errors: [{ line: L + 4, message: 'This print call' }], name: 'a stripped bearer token in an f-string' },
    { code: HEAD + "\n@app.get('/k3')\ndef k3():\n    key = request.headers.get('X-API-Key')\n    if not key or len(key) < 10:\n        log.warning('bad key %s', key)\n    return 'ok'\n", errors: [{ line: L + 5, message: 'the `X-API-Key` header' }], name: 'a present but rejected key is still logged' },
    { code: HEAD + "\ndef check_key(provided):\n    expected = current_app.config.get('SERVICE_API_KEY')\n    print('expected', expected)\n    return provided == expected\n", errors: [{ line: L + 3, message: "`expected` (current_app.config.get('SERVICE_API_KEY'))" }], name: 'a local holding a configured secret' },
    { code: HEAD + "\ndef startup():\n    logging.info('secret key is %s', current_app.config['SECRET_KEY'])\n", errors: [{ line: L + 2, message: "`current_app.config['SECRET_KEY']`" }], name: 'a secret by name' },
    {
      code: HEAD + "\n@app.post('/signin')\ndef signin():\n    payload = request.json\n    print(payload)\n    log.info('sign-in attempt %s', request.form)\n    user, secret = payload['user'], payload['password']\n    return 'ok'\n",
      errors: [
        { line: L + 4, column: 5, message: 'This print call writes the JSON body of a request that sends the `password` JSON field to the logs' },
        { line: L + 5, message: 'This logging call writes the form of a request that sends the `password` JSON field' },
      ],
      name: 'the whole body of a login request',
    },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    form = LoginForm()\n    app.logger.debug(f'login form {request.values.to_dict()}')\n    return 'ok' if form.password.data else 'no'\n", errors: [{ line: L + 4, message: 'the request values of a request that sends `form.password.data`' }], name: 'request.values of a WTForms login view' },
  ],
});
