import rule from '../../../server/src/rules/missing-authentication/login-disabled';
import { ruleTester } from '../rule-tester';

const APP = 'from flask import Flask\n\napp = Flask(__name__)\n';

ruleTester(rule, {
  valid: [
    { code: "from flask import Flask\n\n\ndef create_app(test_config=None):\n    app = Flask(__name__)\n    if test_config is None:\n        app.config.from_pyfile('config.py', silent=True)\n    else:\n        app.config.from_mapping(test_config)\n        app.config['LOGIN_DISABLED'] = True\n    return app\n", name: "the `else` of the Flask tutorial's `if test_config is None:` is the test configuration" },
    { code: APP + "app.config.update(TESTING=True, LOGIN_DISABLED=True)\n", name: 'a config.update that switches TESTING on is a test configuration' },
    { code: 'import os\n' + APP + "app.config['LOGIN_DISABLED'] = os.environ.get('DISABLE_AUTH') == '1'\n", name: 'value from the environment' },
    { code: APP + "app.config['LOGIN_DISABLED'] = False\n", name: 'switched off' },
    { code: 'class Config:\n    LOGIN_DISABLED = False\n\nclass TestConfig(Config):\n    TESTING = True\n    LOGIN_DISABLED = True\n', name: 'test configuration class' },
    {
      code: { 'config/testing.py': 'TESTING = True\nLOGIN_DISABLED = True\n', 'settings/ci.py': 'TESTING = True\nLOGIN_DISABLED = True\n', 'config/production.py': 'LOGIN_DISABLED = False\n' },
      name: 'settings modules named for tests or switching TESTING on, loaded by path (`from_object(f"config.{env}")`)',
    },
    { code: 'class Config:\n    LOGIN_DISABLED = False\n\nclass TestingConfig(Config):\n    SECURITY_LOGIN_DISABLED = True\n', name: 'testing configuration class, Flask-Security spelling' },
    { code: 'class Config:\n    LOGIN_DISABLED = False\n\nclass CIConfig(Config):\n    TESTING = True\n    LOGIN_DISABLED = True\n', name: 'a class with TESTING = True is a test configuration' },
    { code: { 'tests/conftest.py': APP + "app.config['LOGIN_DISABLED'] = True\n" }, name: 'files under tests/' },
    { code: { 'tests/test_views.py': APP + 'app.config.update(TESTING=True, LOGIN_DISABLED=True)\n' }, name: 'config.update in a test module' },
    { code: APP + "app.config['LOGIN_DISABLED'] = True  # flask-guard: ignore[FG106]\n", name: 'suppression comment' },
    {
      code: "from flask import Flask\n\n\ndef create_app(testing=False):\n    app = Flask(__name__)\n    if testing:\n        app.config['LOGIN_DISABLED'] = True\n    if app.config.get('TESTING'):\n        app.config.update(LOGIN_DISABLED=True)\n    return app\n",
      name: 'switched on only when the factory is told it is testing',
    },
    { code: 'import os\n' + APP + "if os.environ.get('FLASK_ENV') == 'development':\n    app.config['LOGIN_DISABLED'] = True\n", name: 'switched on only when the environment says development' },
  ],
  invalid: [
    {
      code: "from flask import Flask\n\n\ndef create_app(test_config=None):\n    app = Flask(__name__)\n    if test_config is None:\n        app.config['LOGIN_DISABLED'] = True\n    return app\n",
      errors: [{ line: 7 }],
      name: '`if test_config is None:` is the configuration that runs outside tests',
    },
    {
      code: 'class Config:\n    SECRET_KEY = None\n\nclass StagingConfig(Config):\n    LOGIN_DISABLED = True\n',
      errors: [{ line: 5, column: 5, message: '`LOGIN_DISABLED = True` turns every login check off; keep it to test configurations' }],
      name: 'staging configuration class',
    },
    { code: APP + "app.config['LOGIN_DISABLED'] = True\n", errors: [{ line: 4, column: 1 }], name: 'config item' },
    { code: { 'config/staging.py': 'DEBUG = False\nLOGIN_DISABLED = True\n' }, errors: [{ line: 2 }], name: 'a staging settings module' },
    { code: APP + "if app.config.get('ENV') == 'staging':\n    app.config['LOGIN_DISABLED'] = True\n", errors: [{ line: 5 }], name: 'a gate that names staging is no test gate' },
    { code: APP + 'app.config.update(LOGIN_DISABLED=True)\n', errors: [{ line: 4 }], name: 'config.update' },
    { code: { 'conf.py': "SETTINGS = {'LOGIN_DISABLED': True}\n", 'app.py': APP + 'import conf\napp.config.update(conf.SETTINGS)\n' }, errors: [{ file: 'app.py', line: 5 }], name: 'config.update of a settings dict from another module' },
    { code: APP + 'app.config.from_mapping(LOGIN_DISABLED=True, DEBUG=False)\n', errors: [{ line: 4 }], name: 'config.from_mapping' },
    { code: APP + "app.config['SECURITY_LOGIN_DISABLED'] = 1\n", errors: [{ line: 4, message: '`SECURITY_LOGIN_DISABLED = True`' }], name: 'Flask-Security spelling, truthy constant' },
    { code: { 'config.py': 'LOGIN_DISABLED = True\n', 'app.py': APP + "app.config.from_object('config')\n" }, errors: [{ line: 1, column: 1 }], name: 'module-level configuration' },
  ],
});
