import rule from '../../../server/src/rules/missing-authentication/debug-mode-enabled';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsFor } from '../../helpers/engine';
import { findingLines } from '../../helpers/findings';
import { ruleTester, type ExpectedError, type InvalidCase } from '../rule-tester';

const APP = 'from flask import Flask\n\napp = Flask(__name__)\n';
const OS_APP = 'import os\n' + APP;
const ENV = "os.environ.get('FLASK_DEBUG') == '1'";

/**
 * A case whose fix turns its one `True` into the FLASK_DEBUG test and puts
 * `import os` on top (followed by a blank line when no import follows it).
 */
function fixedFromEnv(code: string, errors: ExpectedError[], name: string, gap = ''): InvalidCase {
  assert.equal(code.split('True').length, 2, 'the snippet holds exactly one True');
  return { code, errors, output: `import os\n${gap}` + code.replace('True', ENV), name };
}

ruleTester(rule, {
  valid: [
    { code: { 'tests/test_server.py': APP + "\n\ndef test_serves():\n    app.run(debug=True)\n", 'examples/app_test.py': APP + "\nif __name__ == '__main__':\n    app.run(debug=True)\n" }, name: 'app.run in test modules starts a throwaway server, as their config writes configure one' },
    { code: APP + "app.config.update(TESTING=True, DEBUG=True)\n", name: 'a config.update that switches TESTING on is a test configuration' },
    { code: OS_APP + `app.debug = ${ENV}\n`, name: 'attribute from the environment' },
    { code: OS_APP + "app.config['DEBUG'] = os.getenv('DEBUG') == '1'\n", name: 'config item from os.getenv' },
    { code: OS_APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=bool(os.environ.get('DEBUG')))\n", name: 'app.run(debug=) from the environment' },
    { code: APP + 'app.debug = False\n', name: 'switched off' },
    { code: 'class Config:\n    DEBUG = False\n\nclass DevelopmentConfig(Config):\n    DEBUG = True\n', name: 'development configuration class' },
    { code: 'class DevelopmentConfig:\n    def __init__(self):\n        self.DEBUG = True\n\n\nclass Job:\n    def run(self):\n        self.DEBUG = True\n', name: "a development configuration's `__init__`, and a method of a class that configures nothing" },
    { code: 'class Config:\n    DEBUG = False\n\nclass DevConfig(Config):\n    DEBUG = True\n', name: 'dev configuration class' },
    { code: 'class Config:\n    DEBUG = False\n\nclass LocalConfig(Config):\n    DEBUG = True\n', name: 'local configuration class' },
    { code: 'class Config:\n    DEBUG = False\n\nclass TestingConfig(Config):\n    TESTING = True\n    DEBUG = True\n', name: 'testing configuration class' },
    { code: { 'tests/conftest.py': APP + "app.config['DEBUG'] = True\n" }, name: 'files under tests/' },
    { code: APP + 'app.debug = True  # flask-guard: ignore[FG105]\n', name: 'suppression comment' },
    { code: { 'config/development.py': 'DEBUG = True\n', 'config/local_settings.py': 'DEBUG = True\n' }, name: 'development and local settings modules' },
    { code: { 'configs/development.py': 'DEBUG = True\n', 'app.py': APP + "app.config.from_envvar('APP_SETTINGS')\n" }, name: 'a development module of a configs package' },
    { code: { 'configurations/live.py': 'DEBUG = True\n', 'reconfigs/live.py': 'DEBUG = True\n' }, name: 'packages whose names only contain a settings word are no settings packages' },
    { code: { 'settings/ci.py': 'TESTING = True\nDEBUG = True\n' }, name: 'a settings module that switches TESTING on is a test configuration' },
    { code: OS_APP + "\nif os.environ.get('FLASK_ENV') == 'development':\n    app.debug = True\n", name: 'switched on only when the environment says so' },
    { code: APP + "\nif app.config.get('ENV') == 'development':\n    app.config['DEBUG'] = True\n", name: 'switched on only in the development environment' },
    { code: OS_APP + "\nif __name__ == '__main__':\n    if os.getenv('FLASK_DEBUG'):\n        app.run(debug=True)\n", name: 'debug server started only when FLASK_DEBUG is set' },
    { code: OS_APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=os.environ.get('SERVE_DEBUG', False))\n", name: 'an environment switch whose fallback is off' },
    { code: 'import os\n\nclass Config:\n    DEBUG = os.getenv(\'APP_DEBUG\', \'no\').lower() in (\'1\', \'yes\')\n', name: 'a string fallback that the test reads as off' },
    { code: { 'app.py': APP + 'import conf\napp.config.update(conf.SETTINGS)\n', 'conf.py': "SETTINGS = {'DEBUG': False, 'TESTING': True}\n" }, name: 'a settings dict from another module that keeps debug off' },
    { code: OS_APP + "\nif os.getenv('ENV') == 'dev':\n    debug = True\nelse:\n    debug = False\n\nif __name__ == '__main__':\n    app.run(debug=debug)\n", name: 'a name the environment sets to True or False' },
    { code: APP + "\ndebug = True\ndebug = False\n\nif __name__ == '__main__':\n    app.run(debug=debug)\n", name: 'a name set more than once is not one constant' },
    { code: APP + "\nclass DevelopmentConfig:\n    DEBUG = True\n\nif __name__ == '__main__':\n    app.run(debug=DevelopmentConfig.DEBUG)\n", name: 'the DEBUG of a development configuration class, passed to run: exempt where it is set' },
    {
      code: { 'config.py': "class BaseConfig:\n    APP_DEBUG = True\n\n\nclass TestConfig(BaseConfig):\n    TESTING = True\n\n\nclass ProdConfig(BaseConfig):\n    APP_DEBUG = False\n\n\nconfig = {'test': TestConfig, 'prod': ProdConfig}\n", 'app.py': "from flask import Flask\nfrom config import config\n\ncfg = config['prod']\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=cfg.APP_DEBUG)\n" },
      name: 'a dict entry whose class overrides the setting its base switches on',
    },
    { code: APP + "DEBUG = True\n", name: 'a module-level DEBUG of a module that is not a configuration' },
    { code: 'class Job:\n    def run(self, debug=False):\n        pass\n\nnightly = Job()\nnightly.run(debug=True)\n', name: 'run(debug=True) of an object that is no Flask app' },
    { code: "from socketIO_client import SocketIO\n\nfeed = SocketIO('localhost', 8000)\nfeed.run(debug=True)\n", name: 'run(debug=True) of a SocketIO from another library than Flask-SocketIO' },
    {
      code: { 'factory.py': 'from queue import Queue\nfrom flask import Flask\n\ndef make():\n    return Flask(__name__), Queue()\n', 'main.py': 'from factory import make\n\nweb, jobs = make()\njobs.run(debug=True)\n' },
      name: 'run(debug=True) of the item a factory returns beside the app, not the app',
    },
    { code: { 'jobs.py': 'import threading\n\ndef make():\n    return threading.Thread()\n', 'main.py': 'from jobs import make\n\nmake().run(debug=True)\n' }, name: 'run(debug=True) of what a factory returns that is no Flask app' },
  ],
  invalid: [
    {
      code: "class Config:\n    def __init__(self):\n        self.DEBUG = True\n",
      errors: [{ line: 3 }],
      name: "a configuration class's `__init__` that switches debug on for every instance",
    },
    {
      code: "class Config(object):\n    TESTING = True\n    DEBUG = True\n    SECRET_KEY = 'x'\n",
      errors: [{ line: 3 }],
      name: 'a base configuration class is no test configuration for setting TESTING: only its name exempts it',
    },
    {
      code: "from flask_script import Manager, Server\n\nfrom app import app\n\nmanager = Manager(app)\nmanager.add_command('runserver', Server(host='0.0.0.0', use_debugger=True))\n",
      errors: [{ line: 6, message: '`use_debugger=True` starts the Werkzeug debugger (reachable on 0.0.0.0); read it from the environment' }],
      output: "import os\nfrom flask_script import Manager, Server\n\nfrom app import app\n\nmanager = Manager(app)\nmanager.add_command('runserver', Server(host='0.0.0.0', use_debugger=os.environ.get('FLASK_DEBUG') == '1'))\n",
      name: "Flask-Script's Server(use_debugger=True), handed to add_command",
    },
    {
      code: "import dash\n\napp = dash.Dash(__name__)\n\nif __name__ == '__main__':\n    app.run_server(host='0.0.0.0', debug=True)\n",
      errors: [{ line: 6, message: '`debug=True` starts the Werkzeug debugger (reachable on 0.0.0.0); read it from the environment' }],
      output: "import os\nimport dash\n\napp = dash.Dash(__name__)\n\nif __name__ == '__main__':\n    app.run_server(host='0.0.0.0', debug=os.environ.get('FLASK_DEBUG') == '1')\n",
      name: "Dash's app.run_server(debug=True) runs its Flask app with the debugger",
    },
    {
      code: "from werkzeug.serving import run_simple\n" + APP + "\nrun_simple('0.0.0.0', 8000, app, use_debugger=True)\n",
      errors: [{ line: 6, message: '`use_debugger=True` starts the Werkzeug debugger (reachable on 0.0.0.0); read it from the environment' }],
      name: "Werkzeug's run_simple(..., use_debugger=True)",
    },
    {
      code: APP + "app.config.update(\n    SECRET_KEY=os.environ['SECRET_KEY'],\n    DEBUG=True,\n)\n",
      errors: [{ line: 4, message: 'Debug mode is switched on by a constant (DEBUG=True); read it from the environment' }],
      name: 'a setting in a call written over several lines is quoted alone',
    },
    {
      code: APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n",
      errors: [{ line: 6, column: 5, message: '`debug=True` starts the Werkzeug debugger (reachable on 0.0.0.0); read it from the environment' }],
      output: 'import os\n' + APP + `\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=${ENV})\n`,
      name: 'app.run(debug=True) on every interface (the fix adds `import os`)',
    },
    fixedFromEnv(APP + "\nif __name__ == '__main__':\n    app.run(host='127.0.0.1', debug=True)\n", [{ line: 6, message: 'bound to loopback' }], 'loopback still fires (as a warning: see the severity test)'),
    {
      code: OS_APP + 'app.debug = True\n',
      errors: [{ line: 5, column: 1, message: 'Debug mode is switched on by a constant (app.debug = True)' }],
      output: OS_APP + `app.debug = ${ENV}\n`,
      name: 'app.debug = True (os already imported)',
    },
    fixedFromEnv(APP + "app.config['DEBUG'] = True\n", [{ line: 4, message: "app.config['DEBUG'] = True" }], 'config item'),
    fixedFromEnv(APP + 'app.config.update(DEBUG=True)\n', [{ line: 4 }], 'config.update'),
    fixedFromEnv(APP + 'app.config.from_mapping(DEBUG=True)\n', [{ line: 4 }], 'config.from_mapping'),
    fixedFromEnv(APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', use_debugger=True)\n", [{ line: 6, message: '`use_debugger=True`' }], 'use_debugger=True'),
    fixedFromEnv('class Config:\n    DEBUG = True\n', [{ line: 2, column: 5 }], 'base configuration class', '\n'),
    fixedFromEnv(
      "from flask_socketio import SocketIO\n" + APP + "live = SocketIO(app)\n\nif __name__ == '__main__':\n    live.run(app, debug=True)\n",
      [{ line: 8, message: 'bound to loopback' }],
      'Flask-SocketIO run under a name of its own: the app it takes first is no host',
    ),
    {
      code: {
        'site/__init__.py': 'from flask import Flask\nfrom flask_socketio import SocketIO\n\nrealtime = SocketIO()\n\ndef create_app():\n    app = Flask(__name__)\n    realtime.init_app(app)\n    return app, realtime\n',
        'run.py': "from site import create_app\n\nweb, live = create_app()\n\nif __name__ == '__main__':\n    live.run(web, host='0.0.0.0', debug=True)\n",
      },
      errors: [{ file: 'run.py', line: 6, message: 'reachable on 0.0.0.0' }],
      name: 'Flask-SocketIO server unpacked from the pair a factory returns',
    },
    fixedFromEnv('class Config:\n    DEBUG = False\n\nclass ProductionConfig(Config):\n    DEBUG = True\n', [{ line: 5 }], 'production configuration class', '\n'),
    {
      code: { 'config.py': 'DEBUG = True\n', 'app.py': APP + "app.config.from_object('config')\n" },
      errors: [{ line: 1, column: 1 }],
      output: "import os\n\nDEBUG = os.environ.get('FLASK_DEBUG') == '1'\n",
      name: 'module-level configuration',
    },
    { code: APP + "\nif app.config.get('ENV') == 'production':\n    app.debug = True\n", errors: [{ line: 6 }], name: 'a gate that names production is no development gate' },
    { code: OS_APP + "\nif os.environ.get('PROD'):\n    app.debug = False\nelse:\n    app.debug = True\n", errors: [{ line: 9 }], name: 'on unless the environment says otherwise' },
    { code: { 'config/production.py': 'DEBUG = True\n' }, errors: [{ line: 1 }], name: 'production settings module' },
    {
      code: { 'configs/live.py': 'DEBUG = True\n', 'app.py': APP + "app.config.from_envvar('APP_SETTINGS')\n" },
      errors: [{ file: 'configs/live.py', line: 1 }],
      name: 'a module of a configs package, loaded from a path the environment names',
    },
    {
      code: { 'config.py': "class BaseConfig:\n    APP_DEBUG = True\n\n\nclass TestConfig(BaseConfig):\n    TESTING = True\n\n\nclass ProdConfig(BaseConfig):\n    APP_DEBUG = False\n\n\nconfig = {'test': TestConfig, 'prod': ProdConfig}\n", 'app.py': "from flask import Flask\nfrom config import config\n\ncfg = config['test']\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=cfg.APP_DEBUG)\n" },
      errors: [{ file: 'app.py', line: 8, message: '`debug=cfg.APP_DEBUG` (True)' }],
      name: "a setting of the configuration class a dict entry names, inherited from its base",
    },
    {
      code: "from flask import Flask\n\nDEBUG = True\nHOST = '0.0.0.0'\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(host=HOST, debug=DEBUG)\n",
      errors: [{ line: 8, column: 5, message: '`debug=DEBUG` (True) starts the Werkzeug debugger (reachable on 0.0.0.0)' }],
      output: "import os\nfrom flask import Flask\n\nDEBUG = os.environ.get('FLASK_DEBUG') == '1'\nHOST = '0.0.0.0'\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(host=HOST, debug=DEBUG)\n",
      name: 'app.run(debug=DEBUG) with a module constant: reported at the call, fixed where the constant is set',
    },
    {
      code: { 'settings.py': 'APP_HOST = "localhost"\nDEBUG_MODE = True\n', 'app.py': APP + "import settings\n\nif __name__ == '__main__':\n    app.run(host=settings.APP_HOST, debug=settings.DEBUG_MODE)\n" },
      errors: [{ file: 'app.py', line: 7, message: '`debug=settings.DEBUG_MODE` (True) starts the Werkzeug debugger (bound to loopback' }],
      name: 'a constant of a settings module under a name of its own',
    },
    {
      code: { 'config.py': 'DEBUG = True\n', 'app.py': APP + "from config import DEBUG\napp.config.from_object('config')\n\nif __name__ == '__main__':\n    app.run(debug=DEBUG)\n" },
      errors: [{ file: 'config.py', line: 1 }],
      name: 'a configuration DEBUG passed to run as well is reported once, where it is set',
    },
    fixedFromEnv(APP.replace('app = Flask(__name__)\n', '') + "\ndef create_app():\n    return Flask(__name__)\n\nif __name__ == '__main__':\n    create_app().run(host='0.0.0.0', debug=True)\n", [{ line: 8, message: '`debug=True`' }], 'the app a factory returns, run at once'),
    {
      code: { 'shop/__init__.py': APP.replace('app =', 'storefront =').replace('\napp', '\nstorefront'), 'serve.py': "from shop import storefront\n\nstorefront.run(host='0.0.0.0', debug=True)\n" },
      errors: [{ file: 'serve.py', line: 3, message: '`debug=True` starts the Werkzeug debugger (reachable on 0.0.0.0)' }],
      name: 'run(debug=True) on a Flask app imported under a name of its own',
    },
    {
      code: "from flask import Flask\n\ndef build():\n    portal = Flask(__name__)\n    return portal\n\nsite = build()\n\nif __name__ == '__main__':\n    site.run(debug=True)\n",
      errors: [{ line: 10, message: '`debug=True`' }],
      name: 'run(debug=True) on what an app factory returns, under a name of its own',
    },
    fixedFromEnv("from flask import Flask\n\nDEBUG = True\nSECRET_KEY = os.environ['SECRET_KEY']\n\napp = Flask(__name__)\napp.config.from_object(__name__)\n", [{ line: 3, column: 1, message: '(DEBUG = True)' }], "the old tutorial's module that loads itself with from_object(__name__)"),
    {
      code: { 'conf.py': "SETTINGS = {'SECRET_KEY': 'hunter2', 'DEBUG': True}\n", 'app.py': APP + 'import conf\napp.config.update(conf.SETTINGS)\n' },
      errors: [{ file: 'app.py', line: 5, column: 1, message: '(app.config.update(conf.SETTINGS))' }],
      output: "import os\n\nSETTINGS = {'SECRET_KEY': 'hunter2', 'DEBUG': os.environ.get('FLASK_DEBUG') == '1'}\n",
      name: 'a settings dict from another module, applied by name: reported at the call, fixed in the dict',
    },
    { code: APP + "SETTINGS = dict(DEBUG=True)\napp.config.from_mapping(**SETTINGS)\n", errors: [{ line: 5 }], name: 'a dict constant of the same module, unpacked into from_mapping' },
    {
      code: OS_APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=os.environ.get('SERVE_DEBUG', True))\n",
      errors: [{ line: 7, column: 5, message: '`debug` falls back to True when `SERVE_DEBUG` is not set' }],
      output: OS_APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=os.environ.get('SERVE_DEBUG', False))\n",
      name: 'an environment switch that is on unless the variable is set (a warning: see the severity test)',
    },
    {
      code: 'import os\n\nclass Config:\n    DEBUG = os.getenv(\'APP_DEBUG\', \'Yes\').lower() in (\'1\', \'yes\')\n',
      errors: [{ line: 4, column: 5, message: "`DEBUG` falls back to 'Yes' when `APP_DEBUG` is not set" }],
      output: 'import os\n\nclass Config:\n    DEBUG = os.getenv(\'APP_DEBUG\', \'\').lower() in (\'1\', \'yes\')\n',
      name: 'a string fallback that the test reads as on',
    },
    {
      code: 'import os\n\nclass Config:\n    DEBUG = bool(int(os.environ.get(\'APP_DEBUG\', \'1\')))\n',
      errors: [{ line: 4 }],
      output: 'import os\n\nclass Config:\n    DEBUG = bool(int(os.environ.get(\'APP_DEBUG\', \'0\')))\n',
      name: 'a fallback read as a number stays a number',
    },
    fixedFromEnv(APP + "\nif __name__ == '__main__':\n    options = dict(debug=True, port=8000)\n    app.run(**options)\n", [{ line: 7 }], 'settings handed to app.run(**options) from a dict(...) built just before'),
  ],
});

test('FG105 reads app.run(**options) with the dict set once before it, and no other dict', async () => {
  const found = async (code: string) => (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG105').map((f) => `${f.line} ${f.severity}`);
  const run = (setup: string, call = 'app.run(**options)') => OS_APP + `\n${setup}\n\nif __name__ == '__main__':\n    ${call}\n`;
  assert.deepEqual(await found(run("options = {'debug': True, 'host': '0.0.0.0'}")), ['9 error']);
  assert.deepEqual(await found(run("options = dict(debug=True)")), ['9 warning']);
  assert.deepEqual(await found(run("options = dict(debug=True, host='0.0.0.0')", "app.run(host='127.0.0.1', **options)")), ['9 warning']);
  // Off, from the environment, changed after, bound twice, or not a dict spelled out: nothing is known to switch debug on.
  assert.deepEqual(await found(run("options = dict(debug=False, host='0.0.0.0')")), []);
  assert.deepEqual(await found(run("options = dict(debug=os.getenv('FLASK_DEBUG') == '1')")), []);
  assert.deepEqual(await found(run("options = dict(debug=True)\noptions['debug'] = os.getenv('FLASK_DEBUG') == '1'")), []);
  assert.deepEqual(await found(run("options = dict(debug=True)\noptions.update(debug=False)")), []);
  assert.deepEqual(await found(run("options = dict(debug=True)\nif os.getenv('PROD'):\n    options = dict(debug=False)")), []);
  assert.deepEqual(await found(run("options = dict(load_settings(), debug=True)")), []);
});

test('FG105 severity: error on every interface, warning on loopback or with no host', async () => {
  // 127.0.0.9 is loopback too (all of 127.0.0.0/8); 127.0.0.1.nip.io is a public name.
  const code = APP + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n    app.run(host='127.0.0.1', debug=True)\n    app.run(host='localhost', debug=True)\n    app.run(debug=True)\n    app.run(host='127.0.0.9', debug=True)\n    app.run(host='127.0.0.1.nip.io', debug=True)\n";
  const found = (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG105');
  assert.deepEqual(found.map((f) => `${f.line} ${f.severity}`), ['6 error', '7 warning', '8 warning', '9 warning', '10 warning', '11 error']);
});

test('FG105 severity: a switch under __main__ whose servers there all listen on loopback is a warning, as run(debug=True) there is', async () => {
  const script = (run: string) => APP + `\nif __name__ == '__main__':\n    app.debug = True\n    app.run(${run})\n`;
  const severities = async (code: string) => (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG105').map((f) => `${f.line} ${f.severity}`);
  assert.deepEqual(await severities(script("host='127.0.0.1', port=8000")), ['6 warning']);
  assert.deepEqual(await severities(script('')), ['6 warning']);
  assert.deepEqual(await severities(script("host='0.0.0.0'")), ['6 error']);
  // Set for the module, debug is on under any server that imports it.
  assert.deepEqual(await severities(APP + "app.config['DEBUG'] = True\n\nif __name__ == '__main__':\n    app.run()\n"), ['4 error']);
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

test('FG105 reads debug given positionally: app.run(host, port, debug)', async () => {
  const code = APP + "\nif __name__ == '__main__':\n    app.run('0.0.0.0', 5000, True)\n";
  assert.deepEqual(await findingLines(code, ['FG105']), ['app.py:6 FG105']);
});

test('FG105 severity: a fallback that switches debug on is a warning, as FG209 treats a literal fallback', async () => {
  const code = OS_APP + "app.config['DEBUG'] = os.getenv('APP_DEBUG', True)\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=os.getenv('APP_DEBUG', 1))\n";
  const found = (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG105');
  assert.deepEqual(found.map((f) => `${f.line} ${f.severity}`), ['5 warning', '8 warning']);
});
