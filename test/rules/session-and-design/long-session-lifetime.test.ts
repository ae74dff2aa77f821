import rule from '../../../server/src/rules/session-and-design/long-session-lifetime';
import { ruleTester } from '../rule-tester';
import { at, lines } from './positions';

const year = lines('from datetime import timedelta', '', '', 'class Config:', '    PERMANENT_SESSION_LIFETIME = timedelta(days=365)');
const noImport = lines('from flask import Flask', '', 'app = Flask(__name__)', "app.config['REMEMBER_COOKIE_DURATION'] = 60 * 60 * 24 * 365");
const moduleImport = lines('import datetime', '', 'from flask import Flask', '', 'app = Flask(__name__)', 'app.permanent_session_lifetime = datetime.timedelta(weeks=26)');
const never = lines('from flask import Flask', '', 'app = Flask(__name__)', "app.config['JWT_ACCESS_TOKEN_EXPIRES'] = False");
const perToken = lines('from flask_jwt_extended import create_access_token', '', '', 'def issue(user):', '    return create_access_token(identity=user.id, expires_delta=False)');
/** A Flask-Login sign-in whose `login_user` call ends with `args`. */
const signIn = (args: string) => lines('from datetime import timedelta', '', 'from flask_login import login_user', '', '', 'def sign_in(user):', `    login_user(user${args})`);
const rememberedYear = signIn(', remember=True, duration=timedelta(days=365)');
const aliased = lines('from datetime import timedelta as td', '', '', 'class Config:', '    REMEMBER_COOKIE_DURATION = td(days=90)');
const moduleAlias = lines('import datetime as dt', '', '', 'class Config:', '    PERMANENT_SESSION_LIFETIME = dt.timedelta(days=90)');
const star = lines('from datetime import *', '', '', 'class Config:', '    JWT_ACCESS_TOKEN_EXPIRES = timedelta(days=90)');
const constant = lines('from datetime import timedelta', '', 'ONE_YEAR = timedelta(days=1) * 365', '', '', 'class Config:', '    JWT_ACCESS_TOKEN_EXPIRES = ONE_YEAR');

/** `from_object('app.settings.Staging')`: classes of a settings module are configurations whatever their names. */
const settingsClasses = lines('from datetime import timedelta', '', '', 'class Production:', '    JWT_ACCESS_TOKEN_EXPIRES = timedelta(hours=1)', '', '', 'class Staging(Production):', '    JWT_ACCESS_TOKEN_EXPIRES = timedelta(days=3650)');

/** `ProductionConfig(IntegrationTestConfig(TestingConfig))`: the test setting reaches production through another test configuration. */
const inheritedTest = lines('from datetime import timedelta', '', '', 'class TestingConfig:', '    TESTING = True', '    JWT_ACCESS_TOKEN_EXPIRES = False', '', '', 'class IntegrationTestConfig(TestingConfig):', '    DEBUG = True', '', '', 'class ProductionConfig(IntegrationTestConfig):', '    TESTING = False');

ruleTester(rule, {
  valid: [
    { code: { 'config/testing.py': 'PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 365\n' }, name: 'a settings module for tests' },
    { code: lines('from flask import Flask', '', '', 'def create_app(test_config=None):', '    app = Flask(__name__)', '    if test_config is None:', "        app.config.from_pyfile('config.py', silent=True)", '    else:', '        app.config.from_mapping(test_config)', "        app.config['JWT_ACCESS_TOKEN_EXPIRES'] = False", '    return app'), name: 'the else of `if test_config is None:` runs only under tests' },
    { code: lines('from flask import Flask', '', 'app = Flask(__name__)', 'app.config.update(TESTING=True, JWT_ACCESS_TOKEN_EXPIRES=False)'), name: 'a call that switches TESTING on beside it' },
    { code: lines('from datetime import timedelta', '', '', 'class Config:', '    PERMANENT_SESSION_LIFETIME = timedelta(days=30)', '    REMEMBER_COOKIE_DURATION = timedelta(days=14)', '    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=15)'), name: 'exactly 30 days is fine' },
    { code: lines('import os', '', '', 'class Config:', "    PERMANENT_SESSION_LIFETIME = int(os.environ.get('SESSION_SECONDS', '3600'))"), name: 'a one-hour environment default' },
    { code: lines('import os', '', '', 'class Config:', "    PERMANENT_SESSION_LIFETIME = int(os.environ['SESSION_SECONDS'])"), name: 'an environment read with no default' },
    { code: lines('from datetime import timedelta', '', '', 'class TestingConfig:', '    TESTING = True', '    JWT_ACCESS_TOKEN_EXPIRES = False'), name: 'test config' },
    { code: lines('from datetime import timedelta', '', '', 'class TestingConfig:', '    TESTING = True', '    JWT_ACCESS_TOKEN_EXPIRES = False', '', '', 'class LocalTestingConfig(TestingConfig):', '    DEBUG = True'), name: 'a test config inherited only by another test config' },
    { code: lines('class Config:', '    JWT_REFRESH_TOKEN_EXPIRES = 60 * 60 * 24 * 90'), name: 'refresh tokens are meant to live longer' },
    { code: lines('from datetime import timedelta', '', 'from flask_jwt_extended import create_access_token', '', '', 'def issue(user):', '    return create_access_token(identity=user.id, expires_delta=timedelta(minutes=15))'), name: 'short per-token lifetime' },
    { code: signIn(', remember=True, duration=timedelta(days=14)'), name: 'a two-week remember-me lifetime per login' },
    { code: signIn(', duration=timedelta(days=365)'), name: 'without remember=True Flask-Login ignores the duration' },
    // Found in an idiom sweep: the callee is resolved through the imports, not matched by name.
    { code: lines('from pandas import Timedelta as timedelta', '', '', 'class Config:', '    PERMANENT_SESSION_LIFETIME = timedelta(days=90)'), name: 'a timedelta that is not datetime.timedelta' },
    { code: lines('from datetime import timedelta as td', '', '', 'class Config:', '    REMEMBER_COOKIE_DURATION = td(days=14)'), name: 'a two-week lifetime under an aliased import' },
    { code: lines('import datetime as dt', '', '', 'class Config:', '    PERMANENT_SESSION_LIFETIME = dt.timedelta(hours=12)'), name: 'twelve hours under a module alias' },
  ],
  invalid: [
    {
      code: inheritedTest,
      errors: [{ ...at(inheritedTest, 'JWT_ACCESS_TOKEN_EXPIRES'), message: '`JWT_ACCESS_TOKEN_EXPIRES = False` (`ProductionConfig` inherits it from this test configuration)' }],
      output: inheritedTest.replace('JWT_ACCESS_TOKEN_EXPIRES = False', 'JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=15)'),
      name: "a test configuration's lifetime inherited by the production configuration through another test configuration",
    },
    { code: { 'app/settings.py': settingsClasses }, errors: [{ file: 'app/settings.py', ...at(settingsClasses, 'JWT_ACCESS_TOKEN_EXPIRES = timedelta(days') }], name: 'a class of a settings module named for its environment only' },
    {
      code: year,
      errors: [{ ...at(year, 'PERMANENT_SESSION_LIFETIME'), message: '`PERMANENT_SESSION_LIFETIME` is 365 days: a stolen session cookie stays valid that long; keep it to 30 days or less' }],
      output: year.replace('days=365', 'days=7'),
    },
    {
      code: noImport,
      errors: [{ ...at(noImport, 'app.config['), message: 'is 365 days: a stolen remember-me cookie' }],
      output: noImport.replace('from flask import Flask\n', 'from flask import Flask\nfrom datetime import timedelta\n').replace('60 * 60 * 24 * 365', 'timedelta(days=14)'),
      name: 'seconds, and the import the fix needs',
    },
    { code: moduleImport, errors: [{ ...at(moduleImport, 'app.permanent_session_lifetime'), message: '182 days' }], output: moduleImport.replace('datetime.timedelta(weeks=26)', 'datetime.timedelta(days=7)'), name: 'app attribute, module import' },
    {
      code: never,
      errors: [{ ...at(never, 'app.config['), message: '`JWT_ACCESS_TOKEN_EXPIRES = False` issues access tokens that never expire' }],
      output: never.replace('from flask import Flask\n', 'from flask import Flask\nfrom datetime import timedelta\n').replace('= False', '= timedelta(minutes=15)'),
    },
    { code: perToken, errors: [{ ...at(perToken, 'create_access_token(identity'), message: '`expires_delta=False` issues access tokens that never expire' }], name: 'per-token lifetime' },
    {
      code: rememberedYear,
      errors: [{ ...at(rememberedYear, 'login_user(user'), message: "`login_user(..., duration=...)`'s remember-me lifetime is 365 days: a stolen remember-me cookie stays valid that long" }],
      output: rememberedYear.replace('days=365', 'days=14'),
      name: "Flask-Login's per-login remember-me duration",
    },
    { code: signIn(', True, timedelta(weeks=52)'), errors: [{ ...at(signIn(''), 'login_user(user'), message: '364 days' }], output: signIn(', True, timedelta(days=14)'), name: 'remember and duration given by position' },
    { code: aliased, errors: [{ ...at(aliased, 'REMEMBER_COOKIE_DURATION'), message: '90 days' }], output: aliased.replace('td(days=90)', 'td(days=14)'), name: '`timedelta` imported under another name' },
    { code: moduleAlias, errors: [{ ...at(moduleAlias, 'PERMANENT_SESSION_LIFETIME'), message: '90 days' }], output: moduleAlias.replace('days=90', 'days=7'), name: '`datetime` imported under another name' },
    { code: star, errors: [{ ...at(star, 'JWT_ACCESS_TOKEN_EXPIRES'), message: '90 days' }], output: star.replace('days=90', 'minutes=15'), name: '`from datetime import *`' },
    { code: constant, errors: [{ ...at(constant, 'JWT_ACCESS_TOKEN_EXPIRES') }], name: 'module constant' },
    // Found in an idiom sweep: the default of an environment read is the lifetime wherever the variable is not set.
    {
      code: lines('import os', '', '', 'class Config:', "    JWT_ACCESS_TOKEN_EXPIRES = int(os.environ.get('JWT_TTL', 60 * 60 * 24 * 90))"),
      errors: [{ line: 5, message: '90 days' }],
      name: 'an environment default in seconds',
    },
    {
      code: lines('import os', 'from datetime import timedelta', '', '', 'class Config:', "    PERMANENT_SESSION_LIFETIME = timedelta(days=int(os.getenv('SESSION_DAYS') or '60'))"),
      errors: [{ line: 6, message: '60 days' }],
      name: 'an environment default in days inside timedelta',
    },
  ],
});
