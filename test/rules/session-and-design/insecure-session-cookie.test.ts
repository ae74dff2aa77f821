import rule from '../../../server/src/rules/session-and-design/insecure-session-cookie';
import { ruleTester } from '../rule-tester';
import { at, lines } from './positions';

const config = (...attrs: string[]) => lines('class Config:', ...attrs.map((a) => '    ' + a));
const secure = config('SESSION_COOKIE_SECURE = False');
const httpOnly = lines('from flask import Flask', '', 'app = Flask(__name__)', "app.config['SESSION_COOKIE_HTTPONLY'] = False");
const sameSite = lines('from flask import Flask', '', 'app = Flask(__name__)', 'app.config.update(SESSION_COOKIE_SAMESITE=None)');
const view = (...body: string[]) => lines('from flask import Flask, make_response', '', 'app = Flask(__name__)', '', '', "@app.post('/login')", 'def login():', "    resp = make_response('ok')", ...body.map((b) => '    ' + b), '    return resp');
const bare = view("resp.set_cookie('auth_token', 'x')");
const trailing = view('resp.set_cookie(', "    'auth_token',", "    'x',  # issued above", ')');
const half = view("resp.set_cookie('refresh_token', 'x', httponly=True)");
/** Secure only when the app runs in debug mode: off in production. */
const debugSecure = view("resp.set_cookie('refresh_token', 'x', httponly=True, secure=app.debug)");
const glued = view("resp.set_cookie('sessionid', 'x')");
const reissued = view("resp.set_cookie('auth_jwt', '', expires=0)", "resp.set_cookie('auth_jwt_v2', issue_token())");
const cleared = view("resp.set_cookie('auth_token', '')", "resp.set_cookie('auth_token_v2', value=new_token)");
// Found on real code (a task manager API): JWTs in cookies, the token cookie configured without Secure.
const jwtCookie = config("JWT_TOKEN_LOCATION = ['cookies']", 'JWT_COOKIE_SECURE = False');
const falseFlag = view("resp.set_cookie(key='session_id', value='x', secure=False, httponly=True, samesite='Lax')");

ruleTester(rule, {
  valid: [
    { code: { 'config/testing.py': 'SESSION_COOKIE_SECURE = False\nSESSION_COOKIE_HTTPONLY = False\n' }, name: 'a settings module for tests' },
    { code: lines('from app import app', '', '', 'def smoke():', '    client = app.test_client()', "    client.set_cookie('session', 'forged')", "    app.test_client().set_cookie('auth_token', 'x')"), name: 'a cookie the test client sends' },
    { code: { 'tests/test_login.py': bare }, name: 'a throwaway app in a test' },
    { code: config('SESSION_COOKIE_SECURE = True', 'SESSION_COOKIE_HTTPONLY = True', "SESSION_COOKIE_SAMESITE = 'Lax'", 'REMEMBER_COOKIE_SECURE = True') },
    { code: lines('class TestingConfig:', '    TESTING = True', '    SESSION_COOKIE_HTTPONLY = False'), name: 'test config' },
    { code: lines('class TestingConfig:', '    TESTING = True', '    SESSION_COOKIE_SECURE = False', '', '', 'class ProductionConfig(TestingConfig):', '    TESTING = False', '    SESSION_COOKIE_SECURE = True'), name: 'a production configuration that inherits a test configuration but sets the flag again' },
    { code: view("resp.set_cookie('theme', 'dark')"), name: 'a preference cookie' },
    { code: view("resp.set_cookie('refresh_token', 'x', httponly=True, secure=not app.debug)"), name: 'secure everywhere but in debug mode: the author decides' },
    { code: view("resp.set_cookie('last_access', 'x')", "resp.set_cookie('author_pref', 'x')"), name: 'words that only look like auth' },
    { code: view("resp.set_cookie('csrf_token', 'x', samesite='Strict')"), name: 'double-submit CSRF cookie is read by scripts on purpose' },
    { code: view("resp.set_cookie('session_id', 'x', secure=True, httponly=True, samesite='Strict')") },
    { code: view("resp.set_cookie('auth', 'x', secure=app.config['SESSION_COOKIE_SECURE'], httponly=True)"), name: 'a flag from configuration is the author\'s call' },
    { code: view("resp.set_cookie('auth', 'x', **COOKIE_OPTIONS)"), name: 'options splatted in' },
    { code: view("resp.set_cookie('auth_jwt', '', expires=0)", "resp.set_cookie('refresh_token', value='', max_age=0)"), name: 'an empty value that expires at once deletes the cookie' },
    { code: view("resp.delete_cookie('auth_jwt')"), name: 'delete_cookie' },
    { code: view("resp.set_cookie('auth_token', '')", "resp.set_cookie('refresh_token', value='')"), name: 'an empty value clears the cookie, with no expiry as well' },
  ],
  invalid: [
    {
      code: lines('class DevelopmentConfig:', '    SESSION_COOKIE_SECURE = False', '    REMEMBER_COOKIE_SECURE = False'),
      errors: [{ line: 2, message: '`SESSION_COOKIE_SECURE = False`' }, { line: 3, message: '`REMEMBER_COOKIE_SECURE = False`' }],
      name: 'a development configuration: RULES.md exempts it from FG105 only, and it is often the default that ships',
    },
    {
      code: lines('import os', '', 'from flask import Flask', '', 'app = Flask(__name__)', "if os.getenv('FLASK_ENV') == 'development':", "    app.config['SESSION_COOKIE_SECURE'] = False"),
      errors: [{ line: 7, message: '`SESSION_COOKIE_SECURE = False`' }],
      name: 'Secure off under a development switch',
    },
    { code: jwtCookie, errors: [{ ...at(jwtCookie, 'JWT_COOKIE_SECURE = False'), message: '`JWT_COOKIE_SECURE = False`: the cookie is also sent over plain HTTP' }], output: jwtCookie.replace('JWT_COOKIE_SECURE = False', 'JWT_COOKIE_SECURE = True'), name: "Flask-JWT-Extended's token cookie without Secure" },
    {
      code: { 'config.py': lines('class TestConfig:', '    TESTING = True', '    SESSION_COOKIE_SECURE = False'), 'settings/production.py': lines('from config import TestConfig', '', '', 'class ProductionConfig(TestConfig):', '    TESTING = False') },
      errors: [{ file: 'config.py', line: 3, message: '(`ProductionConfig` inherits it from this test configuration)' }],
      output: lines('class TestConfig:', '    TESTING = True', '    SESSION_COOKIE_SECURE = True'),
      name: "a test configuration's setting inherited by the production configuration (another module)",
    },
    {
      code: { 'conf.py': "COOKIES = {'SESSION_COOKIE_HTTPONLY': False, 'SESSION_COOKIE_SECURE': True}\n", 'app.py': "from flask import Flask\n\nfrom conf import COOKIES\n\napp = Flask(__name__)\napp.config.update(COOKIES)\n" },
      errors: [{ file: 'app.py', line: 6, message: '`SESSION_COOKIE_HTTPONLY = False`' }],
      output: "COOKIES = {'SESSION_COOKIE_HTTPONLY': True, 'SESSION_COOKIE_SECURE': True}\n",
      name: 'a cookie settings dict from another module, applied by name',
    },
    {
      code: secure.replace('= False', '= None'),
      errors: [{ line: at(secure, 'SESSION_COOKIE_SECURE').line, message: '`SESSION_COOKIE_SECURE = None`: the cookie is also sent over plain HTTP' }],
      output: secure.replace('False', 'True'),
      name: 'None is as good as False, and the message quotes it',
    },
    {
      code: secure,
      errors: [{ ...at(secure, 'SESSION_COOKIE_SECURE'), message: '`SESSION_COOKIE_SECURE = False`: the cookie is also sent over plain HTTP, where anyone on the network can read it; set it to True' }],
      output: secure.replace('False', 'True'),
    },
    { code: httpOnly, errors: [{ ...at(httpOnly, 'app.config['), message: 'scripts on the page (and any XSS) can read it' }], output: httpOnly.replace('False', 'True') },
    { code: sameSite, errors: [{ ...at(sameSite, 'app.config.update'), message: '`SESSION_COOKIE_SAMESITE` is None' }], output: sameSite.replace('None', "'Lax'") },
    {
      code: bare,
      errors: [{ ...at(bare, 'resp.set_cookie'), message: 'Cookie `auth_token` is set without `secure=True` and `httponly=True`: it travels over plain HTTP and scripts on the page can read it; set both flags' }],
      output: bare.replace("resp.set_cookie('auth_token', 'x')", "resp.set_cookie('auth_token', 'x', secure=True, httponly=True)"),
    },
    {
      code: trailing,
      errors: [{ ...at(trailing, 'resp.set_cookie'), message: 'Cookie `auth_token` is set without' }],
      output: trailing.replace("'x',  # issued above\n    )", "'x',  # issued above\n     secure=True, httponly=True,)"),
      name: 'the flags go after a trailing comma, before the closing parenthesis',
    },
    { code: debugSecure, errors: [{ ...at(debugSecure, 'resp.set_cookie'), message: 'without `secure=True`:' }], output: debugSecure.replace('secure=app.debug', 'secure=True'), name: 'secure only in debug mode' },
    { code: half, errors: [{ ...at(half, 'resp.set_cookie'), message: 'without `secure=True`:' }], output: half.replace('httponly=True)', 'httponly=True, secure=True)') },
    { code: glued, errors: [{ ...at(glued, 'resp.set_cookie') }], output: glued.replace("'x')", "'x', secure=True, httponly=True)"), name: 'glued cookie name' },
    { code: reissued, errors: [{ ...at(reissued, "resp.set_cookie('auth_jwt_v2'"), message: 'Cookie `auth_jwt_v2` is set without' }], name: 'the old cookie deleted, the new token set without flags' },
    { code: falseFlag, errors: [{ ...at(falseFlag, 'resp.set_cookie') }], output: falseFlag.replace('secure=False', 'secure=True'), name: 'a flag set to False' },
    { code: cleared, errors: [{ ...at(cleared, "resp.set_cookie('auth_token_v2'"), message: 'Cookie `auth_token_v2` is set without' }], name: 'the old cookie cleared, the new token (a keyword value) set without flags' },
  ],
});
