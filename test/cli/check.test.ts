/** `flask-guard check` as a user runs it: formats, exit codes, which files it reads, settings. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES } from '../../server/src/rules';
import type { Rule } from '../../server/src/rules/types';
import { runCli, type CliRun } from '../helpers/cli';
import { STACK_FRAME, tempProject } from '../helpers/project';

const OPEN_ADMIN = "from flask import Flask\nfrom flask_login import login_required\n\napp = Flask(__name__)\n\n\n@app.route('/admin/users')\ndef users():\n    return []\n";
const CLEAN = "from flask import Flask\nfrom flask_login import login_required\n\napp = Flask(__name__)\n\n\n@app.route('/admin/users')\n@login_required\ndef users():\n    return []\n";
/** Only a warning: debug bound to loopback. */
const LOOPBACK_DEBUG = "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(host='127.0.0.1', debug=True)\n";

/** Every run, whatever it tests, must keep stack traces away from the user. */
async function check(args: string[], cwd: string): Promise<CliRun> {
  const run = await runCli(['check', ...args], cwd);
  assert.doesNotMatch(run.stderr, STACK_FRAME, 'stack trace on stderr');
  assert.doesNotMatch(run.stderr, /internal error/);
  return run;
}

describe('output formats', () => {
  test('text: one finding a line as path:line:col: CODE message, then a summary; exit 1', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN, 'clean.py': CLEAN.replace("'/admin/users'", "'/admin/roles'").replace('def users', 'def roles') }, t);
    const run = await check([], p.dir);
    assert.equal(run.stdout, 'app.py:8:5: FG101 Route `/admin/users` accepts requests without authentication\nChecked 2 files: 1 error, 0 warnings, 0 info.\n');
    assert.equal(run.code, 1);
  });

  test('text: no findings says so; exit 0', async (t) => {
    const p = tempProject({ 'app.py': CLEAN }, t);
    const run = await check(['.'], p.dir);
    assert.equal(run.stdout, 'No findings. Checked 1 file: 0 errors, 0 warnings, 0 info.\n');
    assert.equal(run.code, 0);
  });

  test('json: code, severity, message, file and 1-based range per finding, with fix titles and safety', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN }, t);
    const run = await check(['--format', 'json'], p.dir);
    const out = JSON.parse(run.stdout) as Record<string, unknown>[];
    assert.equal(out.length, 1);
    const { fixes, ...rest } = out[0] as { fixes: { title: string; applicability: string }[] };
    assert.deepEqual(rest, {
      code: 'FG101',
      severity: 'error',
      message: 'Route `/admin/users` accepts requests without authentication',
      file: p.file('app.py'),
      line: 8,
      column: 5,
      endLine: 8,
      endColumn: 10,
    });
    assert.ok(fixes.length >= 1);
    assert.ok(fixes.every((f) => f.applicability === 'unsafe'), 'auth fixes are unsafe');
    assert.equal(run.code, 1);
  });

  test('sarif: 2.1.0 with rule metadata, help URIs, CWE tags and security-severity', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN, 'run.py': LOOPBACK_DEBUG }, t);
    const run = await check(['--format', 'sarif'], p.dir);
    const log = JSON.parse(run.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;
    assert.equal(sarifRun.tool.driver.name, 'Flask Guard');
    const rules = sarifRun.tool.driver.rules as { id: string; name: string; helpUri: string; shortDescription: { text: string }; help: { text: string; markdown: string }; properties: { tags: string[]; 'security-severity': string } }[];
    const fg101 = rules.find((r) => r.id === 'FG101')!;
    assert.equal(fg101.name, 'unauthenticated-sensitive-route');
    assert.match(fg101.helpUri, /^https:\/\/.+\/FG101-unauthenticated-sensitive-route\.md$/);
    assert.ok(fg101.properties.tags.includes('external/cwe/cwe-306'));
    assert.ok(fg101.help.markdown.includes('## Why is this bad?'));
    for (const r of rules) {
      assert.ok(r.helpUri && r.shortDescription.text, `${r.id} metadata`);
      assert.ok(r.properties.tags.some((tag) => /^external\/cwe\/cwe-\d+$/.test(tag)), `${r.id} CWE tag`);
      const sev = Number(r.properties['security-severity']);
      assert.ok(sev > 0 && sev <= 10, `${r.id} security-severity ${r.properties['security-severity']}`);
    }
    const results = sarifRun.results as { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[] }[];
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine, r.locations[0]!.physicalLocation.region.startColumn]),
      [
        ['FG101', 'error', 'app.py', 8, 5],
        ['FG105', 'warning', 'run.py', 6, 5],
      ],
    );
    for (const r of results) assert.equal(rules[r.ruleIndex]!.id, r.ruleId, 'ruleIndex points at the rule');
    assert.deepEqual(sarifRun.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    // GitHub resolves relative URIs against SRCROOT: it must be the analysed folder.
    assert.equal(new URL(sarifRun.originalUriBaseIds.SRCROOT.uri).pathname.replace(/\/$/, ''), p.dir);
  });

  test('github: one Actions workflow command a finding, severity as the command, rule as the title, values escaped', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN, 'run.py': LOOPBACK_DEBUG, 'odd,name.py': OPEN_ADMIN.replace("'/admin/users'", "'/admin/100%'") }, t);
    const run = await check(['--format', 'github'], p.dir);
    assert.equal(
      run.stdout,
      [
        '::error file=app.py,line=8,col=5,endLine=8,endColumn=10,title=FG101 unauthenticated-sensitive-route::Route `/admin/users` accepts requests without authentication',
        '::error file=odd%2Cname.py,line=8,col=5,endLine=8,endColumn=10,title=FG101 unauthenticated-sensitive-route::Route `/admin/100%25` accepts requests without authentication',
        '::warning file=run.py,line=6,col=5,endLine=6,endColumn=42,title=FG105 debug-mode-enabled::`debug=True` starts the Werkzeug debugger (bound to loopback, but the debugger still runs code for anything that reaches it); read it from the environment',
        '',
      ].join('\n'),
    );
    assert.equal(run.code, 1);
  });

  test('--output writes the report to a file and nothing to stdout', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN }, t);
    const run = await check(['--format', 'sarif', '--output', 'report.sarif'], p.dir);
    assert.equal(run.stdout, '');
    assert.equal(JSON.parse(p.read('report.sarif')).runs[0].results.length, 1);
    assert.equal(run.code, 1);
  });

  test('--output into a folder that does not exist is a one-line error', async (t) => {
    const p = tempProject({ 'app.py': CLEAN }, t);
    const run = await check(['--output', 'no/such/dir/report.txt'], p.dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^flask-guard: cannot write no\/such\/dir\/report\.txt: ENOENT\n$/);
  });
});

describe('exit codes', () => {
  test('--fail-on never: findings, exit 0', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN }, t);
    const run = await check(['--fail-on', 'never'], p.dir);
    assert.match(run.stdout, /FG101/);
    assert.equal(run.code, 0);
  });

  test('a warning passes the default --fail-on error and fails --fail-on warning', async (t) => {
    const p = tempProject({ 'run.py': LOOPBACK_DEBUG }, t);
    const byDefault = await check([], p.dir);
    assert.match(byDefault.stdout, /^run\.py:6:5: FG105 /);
    assert.equal(byDefault.code, 0);
    assert.equal((await check(['--fail-on', 'warning'], p.dir)).code, 1);
    assert.equal((await check(['--fail-on', 'info'], p.dir)).code, 1);
  });

  test('usage errors exit 2 with a message: unknown flag, bad --format, bad --fail-on, unknown command', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN }, t);
    for (const [args, message] of [
      [['--bogus'], /Unknown option '--bogus'/],
      [['--format', 'xml'], /--format must be text, json, sarif or github \(got "xml"\)/],
      [['--fail-on', 'sometimes'], /--fail-on must be error, warning, info or never/],
      [['--unsafe-fixes'], /--unsafe-fixes goes with --fix or --diff/],
    ] as const) {
      const run = await check([...args], p.dir);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '', 'no report on a usage error');
    }
    const unknown = await runCli(['lint'], p.dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "lint"/);
  });

  test('a path that does not exist is a one-line error naming it, exit 2', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN }, t);
    const run = await check(['app.py', 'missing/views.py'], p.dir);
    assert.equal(run.stderr, 'flask-guard: missing/views.py: no such file or directory\n');
    assert.equal(run.stdout, '');
    assert.equal(run.code, 2);
  });
});

describe('a rule that fails', () => {
  // A check that silently lost a rule's findings would pass CI: the run must say it is incomplete.
  const failing = (t: import('node:test').TestContext) => {
    const rule = ALL_RULES.find((r) => r.meta.code === 'FG105') as Required<Rule>;
    t.mock.method(rule, 'checkUnit', () => {
      throw new Error('unexpected node');
    });
    return tempProject({ 'app.py': OPEN_ADMIN }, t);
  };

  test('the other findings are still reported, stderr names the rule and file, exit 3', async (t) => {
    const p = failing(t);
    const run = await runCli(['check', '--fail-on', 'never'], p.dir);
    assert.match(run.stdout, /^app\.py:8:5: FG101 /);
    assert.equal(run.stderr, 'flask-guard: internal error in FG105 on app.py: unexpected node (its findings there are missing)\n');
    assert.doesNotMatch(run.stderr, STACK_FRAME);
    assert.equal(run.code, 3);
  });

  test('sarif: the invocation is marked unsuccessful with a notification for the file', async (t) => {
    const p = failing(t);
    const run = await runCli(['check', '--format', 'sarif'], p.dir);
    const [invocation] = JSON.parse(run.stdout).runs[0].invocations;
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(
      invocation.toolExecutionNotifications.map((n: { level: string; associatedRule: { id: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [n.level, n.associatedRule.id, n.locations[0]!.physicalLocation.artifactLocation.uri]),
      [['error', 'FG105', 'app.py']],
    );
    assert.equal(run.code, 3);
  });
});

describe('which files are read', () => {
  test('default excludes: venv, .venv, node_modules, site-packages, migrations, .git', async (t) => {
    const excluded = ['venv/lib/flask_app.py', '.venv/lib/app.py', 'node_modules/pkg/app.py', 'lib/python3.11/site-packages/pkg/app.py', 'migrations/versions/app.py', '.git/hooks/app.py'];
    const p = tempProject(Object.fromEntries([['app.py', OPEN_ADMIN], ...excluded.map((f) => [f, OPEN_ADMIN])]), t);
    const run = await check([], p.dir);
    assert.deepEqual(run.stdout.split('\n').filter((l) => l.includes('FG101')).map((l) => l.split(':')[0]), ['app.py']);
    assert.match(run.stdout, /Checked 1 file:/);
  });

  test('default excludes apply to a project named from outside the working directory (`check ../other`)', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN, '.venv/lib/app.py': OPEN_ADMIN, 'node_modules/pkg/app.py': OPEN_ADMIN }, t);
    const elsewhere = tempProject({ 'README.md': '' }, t);
    const run = await check([p.dir], elsewhere.dir);
    assert.equal(run.stdout.split('\n').filter((l) => l.includes('FG101')).length, 1, run.stdout);
    assert.match(run.stdout, /Checked 1 file:/);
  });

  test('--exclude adds globs (repeatable)', async (t) => {
    const p = tempProject({ 'app.py': OPEN_ADMIN, 'legacy/old.py': OPEN_ADMIN, 'scripts/tool.py': OPEN_ADMIN }, t);
    const all = await check([], p.dir);
    assert.match(all.stdout, /Checked 3 files/);
    const run = await check(['--exclude', 'legacy/**', '--exclude', 'scripts'], p.dir);
    assert.deepEqual(run.stdout.split('\n').filter((l) => l.includes('FG101')).map((l) => l.split(':')[0]), ['app.py']);
  });

  test('a file that does not parse still gets findings for the parts that do', async (t) => {
    const broken = "from flask import Flask\n\napp = Flask(__name__)\n\ndef oops(:\n    return (\n\n@app.post('/account/delete')\ndef delete_account():\n    return ''\n";
    const p = tempProject({ 'broken.py': broken }, t);
    const run = await check([], p.dir);
    assert.match(run.stdout, /^broken\.py:9:5: FG101 Route `\/account\/delete` accepts requests without authentication$/m);
    assert.equal(run.stderr, '');
  });

  test('binary, non-UTF-8 and oversized files are skipped with a note on stderr, the rest is analysed', async (t) => {
    const p = tempProject(
      {
        'app.py': OPEN_ADMIN,
        'blob.py': Buffer.from([0x00, 0x01, 0x02, 0x50, 0x4b]),
        'latin1.py': Buffer.from('name = "caf\xe9"\n', 'latin1'),
        'huge.py': OPEN_ADMIN + '#'.repeat(3000) + '\n',
        'pyproject.toml': '[tool.flask-guard]\nmax-file-size = 2000\n',
      },
      t,
    );
    const run = await check([], p.dir);
    const notes = run.stderr.trim().split('\n').sort();
    assert.equal(notes.length, 3, run.stderr);
    assert.match(notes[0]!, /^flask-guard: skipped blob\.py: binary file/);
    assert.match(notes[1]!, /^flask-guard: skipped huge\.py: larger than/);
    assert.match(notes[2]!, /^flask-guard: skipped latin1\.py: not valid UTF-8/);
    assert.match(run.stdout, /^app\.py:8:5: FG101 /m);
    assert.match(run.stdout, /Checked 1 file:/);
    assert.equal(run.code, 1);
  });

  test('a UTF-8 byte-order mark does not shift columns', async (t) => {
    const p = tempProject({ 'app.py': '\ufeff' + OPEN_ADMIN }, t);
    assert.match((await check([], p.dir)).stdout, /^app\.py:8:5: FG101 /);
  });
});

describe('pyproject.toml [tool.flask-guard]', () => {
  test('public-routes and rules = off are honoured', async (t) => {
    const p = tempProject(
      {
        'app.py': OPEN_ADMIN + "\n\n@app.post('/webhooks/stripe')\ndef stripe():\n    return ''\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n",
        'pyproject.toml': '[project]\nname = "shop"\n\n[tool.flask-guard]\npublic-routes = ["/webhooks/*"]\n\n[tool.flask-guard.rules]\nFG105 = "off"\nFG101 = "warning"\n',
      },
      t,
    );
    const run = await check(['--format', 'json'], p.dir);
    const out = JSON.parse(run.stdout) as { code: string; severity: string; line: number }[];
    assert.deepEqual(out.map((f) => `${f.code} ${f.severity} ${f.line}`), ['FG101 warning 8']);
    assert.equal(run.code, 0, 'the only finding is now a warning');
  });

  test('auth-decorators names a project decorator the inference cannot see', async (t) => {
    const code = "from flask import Flask\nfrom vendor.sso import sso_guard\n\napp = Flask(__name__)\n\n\n@app.route('/admin/users')\n@sso_guard\ndef users():\n    return []\n";
    const p = tempProject({ 'app.py': code }, t);
    assert.match((await check([], p.dir)).stdout, /FG101/);
    p.write('pyproject.toml', '[tool.flask-guard]\nauth-decorators = ["sso_guard"]\n');
    const run = await check([], p.dir);
    assert.match(run.stdout, /^No findings\./);
  });

  test('a bad section is a one-line error naming the file, exit 2', async (t) => {
    for (const toml of ['[tool.flask-guard]\npublic-routes = "/health"\n', '[tool.flask-guard]\nunknown-key = 1\n', '[tool.flask-guard.rules]\nFG101 = "loud"\n', '[tool.flask-guard\nbroken']) {
      const p = tempProject({ 'app.py': OPEN_ADMIN, 'pyproject.toml': toml }, t);
      const run = await check([], p.dir);
      assert.equal(run.code, 2, toml);
      assert.equal(run.stderr.split('\n').filter(Boolean).length, 1, run.stderr);
      assert.ok(run.stderr.startsWith(`flask-guard: ${p.file('pyproject.toml')}: `), run.stderr);
      assert.equal(run.stdout, '');
    }
  });
});
