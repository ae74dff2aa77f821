import rule from '../../../server/src/rules/missing-authentication/debug-mode-enabled';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsFor } from '../../helpers/engine';
import { ruleTester } from '../rule-tester';

const APP = 'from flask import Flask\n\napp = Flask(__name__)\n';
const OS_APP = 'import os\n' + APP;
const ENV = "os.environ.get('FLASK_DEBUG') == '1'";

ruleTester(rule, {
  valid: [
    { code: OS_APP + `app.debug = ${ENV}\n`, name: 'attribute from the environment' },
    { code: OS_APP + "app.config['DEBUG'] = os.getenv('DEBUG') == '1'\n", name: 'config item from os.getenv' },
    { code: OS_APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=bool(os.environ.get('DEBUG')))\n", name: 'app.run(debug=) from the environment' },
    { code: APP + 'app.debug = False\n', name: 'switched off' },
    { code: 'class Config:\n    DEBUG = False\n\nclass DevelopmentConfig(Config):\n    DEBUG = True\n', name: 'development configuration class' },
    { code: 'class Config:\n    DEBUG = False\n\nclass DevConfig(Config):\n    DEBUG = True\n', name: 'dev configuration class' },
    { code: 'class Config:\n    DEBUG = False\n\nclass LocalConfig(Config):\n    DEBUG = True\n', name: 'local configuration class' },
    { code: 'class Config:\n    DEBUG = False\n\nclass TestingConfig(Config):\n    TESTING = True\n    DEBUG = True\n', name: 'testing configuration class' },
    { code: { 'tests/conftest.py': APP + "app.config['DEBUG'] = True\n" }, name: 'files under tests/' },
    { code: APP + 'app.debug = True  # flask-guard: ignore[FG105]\n', name: 'suppression comment' },
  ],
  invalid: [
    {
      code: APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n",
      errors: [{ line: 6, column: 5, message: '`debug=True` starts the Werkzeug debugger (reachable on 0.0.0.0); read it from the environment' }],
      output: 'import os\n' + APP + `\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=${ENV})\n`,
      name: 'app.run(debug=True) on every interface (the fix adds `import os`)',
    },
    {
      code: APP + "\nif __name__ == '__main__':\n    app.run(host='127.0.0.1', debug=True)\n",
      errors: [{ line: 6, message: 'bound to loopback' }],
      name: 'loopback still fires (as a warning: see the severity test)',
    },
    {
      code: OS_APP + 'app.debug = True\n',
      errors: [{ line: 5, column: 1, message: 'Debug mode is switched on by a constant (app.debug = True)' }],
      output: OS_APP + `app.debug = ${ENV}\n`,
      name: 'app.debug = True (os already imported)',
    },
    { code: APP + "app.config['DEBUG'] = True\n", errors: [{ line: 4, message: "app.config['DEBUG'] = True" }], name: 'config item' },
    { code: APP + 'app.config.update(DEBUG=True)\n', errors: [{ line: 4 }], name: 'config.update' },
    { code: APP + 'app.config.from_mapping(DEBUG=True)\n', errors: [{ line: 4 }], name: 'config.from_mapping' },
    { code: APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', use_debugger=True)\n", errors: [{ line: 6, message: '`use_debugger=True`' }], name: 'use_debugger=True' },
    { code: 'class Config:\n    DEBUG = True\n', errors: [{ line: 2, column: 5 }], name: 'base configuration class' },
    { code: 'class Config:\n    DEBUG = False\n\nclass ProductionConfig(Config):\n    DEBUG = True\n', errors: [{ line: 5 }], name: 'production configuration class' },
    {
      code: { 'config.py': 'DEBUG = True\n', 'app.py': APP + "app.config.from_object('config')\n" },
      errors: [{ line: 1, column: 1 }],
      output: "import os\n\nDEBUG = os.environ.get('FLASK_DEBUG') == '1'\n",
      name: 'module-level configuration',
    },
  ],
});

test('FG105 severity: error on every interface, warning on loopback or with no host', async () => {
  const code = APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n    app.run(host='127.0.0.1', debug=True)\n    app.run(host='localhost', debug=True)\n    app.run(debug=True)\n";
  const found = (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG105');
  assert.deepEqual(found.map((f) => `${f.line} ${f.severity}`), ['6 error', '7 warning', '8 warning', '9 warning']);
});

test('FG105 severity: a user override wins over the loopback warning', async () => {
  const code = APP + "\nif __name__ == '__main__':\n    app.run(host='127.0.0.1', debug=True)\n";
  const found = (await findingsFor({ 'app.py': code }, { settings: { rules: { FG105: 'info' } } })).filter((f) => f.code === 'FG105');
  assert.deepEqual(found.map((f) => `${f.line} ${f.severity}`), ['6 info']);
});

test('FG105 fix is safe (it belongs in fix-all)', async () => {
  const found = (await findingsFor({ 'app.py': APP + 'app.debug = True\n' })).filter((f) => f.code === 'FG105');
  assert.deepEqual(found.flatMap((f) => f.fixes.map((x) => x.applicability)), ['safe']);
});
