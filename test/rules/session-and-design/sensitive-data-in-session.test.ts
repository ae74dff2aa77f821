import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import rule from '../../../server/src/rules/session-and-design/sensitive-data-in-session';
import { engineFor, locate, ROOT } from '../../helpers/engine';
import { ruleTester } from '../rule-tester';
import { at, lines } from './positions';

const HEAD = lines('from flask import Flask, session', '', 'app = Flask(__name__)', '');
const login = (...body: string[]) => HEAD + lines('', 'def remember(user):', ...body.map((b) => '    ' + b));

const isAdmin = login("session['user_id'] = user.id", "session['is_admin'] = user.is_admin");
const update = login('session.update(permissions=user.permissions, theme=user.theme)');
const setdefault = login("session.setdefault('scopes', ['read'])");
const email = login("session['user_email'] = user.email");
const dictUpdate = login("session.update({'access_token': user.token})");
const loopWrite = login("for key in ('email', 'is_admin', 'user_id'):", '    session[key] = user[key]');
const loopEmail = login("for name in ['user_id', 'email']:", '    if name in user:', '        session[name] = user[name]');
const camel = login("session['isAdmin'] = True");
const jwtKey = login("session['jwt'] = user.issue_token()");
const tokenDict = login("session['oauth_token'] = {'access_token': user.token, 'expires_at': 0}");
// The key is a module constant, here or in another module.
const constantKey = HEAD + lines("ROLE_KEY = 'role'", "THEME_KEY = 'theme'", '', 'def remember(user):', '    session[ROLE_KEY] = user.role', '    session[THEME_KEY] = user.theme');
const importedKey = {
  'keys.py': lines("ACCESS_KEY = 'access_token'"),
  'app.py': HEAD + lines('from keys import ACCESS_KEY', '', 'def remember(user):', '    session[ACCESS_KEY] = user.token'),
};

// Found in an idiom sweep: the user's record stored whole under `user` carries its fields into the cookie.
const userDict = login("session['user'] = {'id': user.id, 'name': user.name, 'is_admin': user.is_admin}");
const USER_MODEL = (toDict: string[]) => lines('from flask_sqlalchemy import SQLAlchemy', '', 'db = SQLAlchemy()', '', '', 'class User(db.Model):', '    id = db.Column(db.Integer, primary_key=True)', '    username = db.Column(db.String(80))', '    password_hash = db.Column(db.String(128))', ...toDict.map((t) => '    ' + t));
const recordDump = (value: string, toDict: string[] = []) => ({ 'models.py': USER_MODEL(toDict), 'app.py': HEAD + lines('', 'def remember(user):', `    ${value}`) });
const toDictAll = recordDump("session['user'] = user.to_dict()");
const varsUpdate = recordDump('session.update(vars(user))');

ruleTester(rule, {
  valid: [
    { code: { 'tests/conftest.py': lines('import pytest', '', '', '@pytest.fixture', 'def admin_client(client):', '    with client.session_transaction() as session:', "        session['is_admin'] = True", '    return client') }, name: 'a test forging the session through session_transaction()' },
    { code: { 'tests/test_app.py': login("session['access_token'] = user.token") }, name: 'a throwaway app in a test' },
    { code: login("session['user'] = {'id': user.id, 'name': user.name, 'theme': user.theme}"), name: 'a user dict with harmless fields' },
    { code: recordDump("session['user'] = user.to_dict()", ['', 'def to_dict(self):', "    return {'id': self.id, 'username': self.username}"]), name: "the model's own to_dict returns public fields only" },
    { code: login("session['user'] = user.to_dict()"), name: 'no user model in the workspace: what the dump holds is unknown' },
    { code: login('with Session.begin() as session:', "    session['token'] = user.token", '    session.update(email=user.email)'), name: "`with ... as session` binds a database session inside its block, not Flask's" },
    { code: recordDump("session['cart'] = cart.to_dict()"), name: 'a dump of another record' },
    { code: login("session['user_id'] = user.id", "session['theme'] = 'dark'", "session['cart'] = []", "session['locale'] = 'en'"), name: 'ids and preferences' },
    { code: login("session['csrf_token'] = 'x'"), name: "Flask-WTF's CSRF token is meant to reach the page" },
    { code: login("session['role'] = None"), name: 'clearing a key' },
    { code: login("session['jwks_url'] = user.issuer_keys_url"), name: 'a key set location is not a token (`jwks` is not `jwt`)' },
    { code: login("session['github_oauth_state'] = {'state': user.nonce, 'scopes': ['repo', 'read:user']}"), name: 'the session key decides: OAuth flow state that lists scopes' },
    { code: lines('def remember(user):', '    session = {}', "    session['role'] = user.role"), name: 'a local dict named session' },
    // Found in an idiom sweep: a loop over a literal tuple writes under each of its keys.
    { code: login("for key in ('user_id', 'theme', 'locale'):", '    session[key] = getattr(user, key)'), name: 'a loop over harmless keys' },
    { code: login("for key in ['user_id']:", '    session[key] = user.id', "session['key'] = 'is_admin'"), name: 'the loop variable, not a key named like it' },
    { code: login("for key in 'roles':", '    session[key] = user.id'), name: 'a bare string iterates characters, not keys' },
    {
      code: {
        'app.py': lines('from flask import Flask, session', 'from ext import init_extensions', '', 'app = Flask(__name__)', 'init_extensions(app)', '', '', 'def remember(user):', "    session['is_admin'] = user.is_admin", "    session['email'] = user.email"),
        'ext.py': lines('from flask_session import Session', '', '', 'def init_extensions(app):', "    app.config['SESSION_TYPE'] = 'redis'", '    Session(app)'),
      },
      name: 'Flask-Session installed in another module (server-side session)',
    },
    {
      code: lines(
        'from flask import Flask, session',
        'from flask.sessions import SessionInterface',
        '',
        '',
        'class RedisSessionInterface(SessionInterface):',
        '    pass',
        '',
        '',
        'app = Flask(__name__)',
        'app.session_interface = RedisSessionInterface()',
        '',
        '',
        'def remember(user):',
        "    session['roles'] = user.roles",
      ),
      name: 'custom server-side session_interface',
    },
  ],
  invalid: [
    { code: login('with db.session.begin() as tx:', "    session['is_admin'] = user.is_admin"), errors: [{ ...at(login('with db.session.begin() as tx:', "    session['is_admin'] = user.is_admin"), "session['is_admin']"), message: '`is_admin`' }], name: "a `with` block that binds another name leaves Flask's session in reach" },
    { code: userDict, errors: [{ ...at(userDict, 'session['), message: "the client can read `user['is_admin']`, and the server trusts it" }], name: 'a dict literal under a key that names the user' },
    { code: toDictAll, errors: [{ file: 'app.py', ...at(toDictAll['app.py'], 'session['), message: "`user['password_hash']`" }], name: 'a dump of the user model (no to_dict of its own: every column)' },
    { code: varsUpdate, errors: [{ file: 'app.py', ...at(varsUpdate['app.py'], 'session.update'), message: '`password_hash`' }], name: "session.update with the user's attributes" },
    { code: constantKey, errors: [{ ...at(constantKey, 'session[ROLE_KEY]'), message: '`role`' }], name: 'the key held in a module constant (the theme is fine)' },
    { code: importedKey, errors: [{ file: 'app.py', ...at(importedKey['app.py'], 'session['), message: '`access_token`' }], name: 'the key held in a constant of another module' },
    {
      code: isAdmin,
      errors: [{ ...at(isAdmin, "session['is_admin']"), message: 'Flask sessions are signed, not encrypted: the client can read `is_admin`, and the server trusts it; keep only the user id in the session' }],
    },
    { code: update, errors: [{ ...at(update, 'session.update'), message: '`permissions`' }], name: 'session.update keywords (theme is fine)' },
    { code: setdefault, errors: [{ ...at(setdefault, 'session.setdefault'), message: '`scopes`' }] },
    { code: email, errors: [{ ...at(email, 'session['), message: 'anyone holding the cookie can read `user_email`' }], name: 'personal data: one `_` part is listed' },
    { code: dictUpdate, errors: [{ ...at(dictUpdate, 'session.update'), message: '`access_token`' }] },
    { code: tokenDict, errors: [{ ...at(tokenDict, 'session['), message: '`oauth_token`' }], name: 'a dict stored under a listed key' },
    { code: lines('from flask import session as flask_session', '', '', 'def remember(user):', "    flask_session['role'] = user.role"), errors: [{ line: 5, column: 5, message: '`role`' }], name: 'session imported under another name' },
    { code: loopWrite, errors: [{ ...at(loopWrite, 'session[key]'), message: 'the client can read `is_admin`, and the server trusts it' }], name: 'a loop over a literal tuple: reported once, under its worst key' },
    { code: loopEmail, errors: [{ ...at(loopEmail, 'session[name]'), message: 'anyone holding the cookie can read `email`' }], name: 'a loop over a literal list' },
    { code: camel, errors: [{ ...at(camel, 'session['), message: '`isAdmin`' }], name: 'camelCase keys split into words' },
    { code: jwtKey, errors: [{ ...at(jwtKey, 'session['), message: 'anyone holding the cookie can read `jwt`' }], name: 'a JWT is a token' },
    {
      code: lines(
        'from flask import Flask, session',
        'from flask.sessions import SecureCookieSessionInterface',
        '',
        '',
        'class TaggedInterface(SecureCookieSessionInterface):',
        '    pass',
        '',
        '',
        'app = Flask(__name__)',
        'app.session_interface = TaggedInterface()',
        "session['role'] = 'x'",
      ),
      errors: [{ line: 11, column: 1, message: '`role`' }],
      name: 'a subclass of the cookie interface is still client-side',
    },
    {
      code: {
        'octo/__init__.py': '',
        'octo/util/__init__.py': '',
        'octo/util/flask.py': lines('def redirect_back():', '    pass'),
        'octo/api/__init__.py': '',
        'octo/api/keys.py': lines('from flask import session', '', '', 'def remember(key):', "    session['api_key'] = key"),
      },
      errors: [{ file: 'octo/api/keys.py', line: 5, column: 5, message: '`api_key`' }],
      name: "a project module named `flask` in another package (OctoPrint's util/flask.py) does not hide Flask's session",
    },
  ],
});

test('FG301 incremental: installing Flask-Session inside a factory body clears findings in another module', async () => {
  const ext = lines('from flask_session import Session', '', '', 'def init_extensions(app):', '    pass');
  const engine = await engineFor({ 'app.py': login("session['is_admin'] = user.is_admin"), 'ext.py': ext }, { rules: [rule] });
  const count = () => locate(engine).filter((f) => f.code === 'FG301').length;
  assert.equal(count(), 1);
  const extPath = path.join(ROOT, 'ext.py');
  const at = ext.indexOf('pass');
  engine.editFile(extPath, [{ start: at, end: at + 4, text: 'Session(app)' }]);
  assert.equal(count(), 0);
  engine.editFile(extPath, [{ start: at, end: at + 'Session(app)'.length, text: 'pass' }]);
  assert.equal(count(), 1);
});
