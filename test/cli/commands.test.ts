/** `flask-guard rule`, help and version, and the bundled dist/cli.js as npx runs it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ALL_RULES } from '../../server/src/rules';
import { ruleMarkdown } from '../../server/src/rules/docs';
import { BUNDLED_CLI, runBundledCli, runCli } from '../helpers/cli';
import { STACK_FRAME, tempProject } from '../helpers/project';

test('rule FG101 prints its documentation', async (t) => {
  const p = tempProject({}, t);
  const run = await runCli(['rule', 'FG101'], p.dir);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^# FG101 unauthenticated-sensitive-route\n/);
  for (const section of ['## What it does', '## Why is this bad?', '## Example', 'Use instead:', '## Fix safety']) assert.ok(run.stdout.includes(section), section);
  assert.ok(run.stdout.includes('CWE-306'));
});

test('rule accepts the lower-case code and the rule name', async (t) => {
  const p = tempProject({}, t);
  const expected = ruleMarkdown(ALL_RULES.find((r) => r.meta.code === 'FG105')!);
  assert.equal((await runCli(['rule', 'fg105'], p.dir)).stdout, expected);
  assert.equal((await runCli(['rule', 'debug-mode-enabled'], p.dir)).stdout, expected);
});

test('rule with no code lists every rule, one a line', async (t) => {
  const p = tempProject({}, t);
  const run = await runCli(['rule'], p.dir);
  assert.equal(run.code, 0);
  const lines = run.stdout.trim().split('\n');
  assert.deepEqual(lines.map((l) => l.split(/\s+/)[0]), ALL_RULES.map((r) => r.meta.code));
});

test('rule with an unknown code: one line on stderr, exit 2', async (t) => {
  const p = tempProject({}, t);
  const run = await runCli(['rule', 'FG999'], p.dir);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'flask-guard rule: no rule "FG999"; run `flask-guard rule` for the list\n');
});

test('--help exits 0, no command prints usage and exits 2, --version prints a version', async (t) => {
  const p = tempProject({}, t);
  const help = await runCli(['--help'], p.dir);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: flask-guard <command>/);
  assert.equal((await runCli([], p.dir)).code, 2);
  assert.match((await runCli(['--version'], p.dir)).stdout, /^\d+\.\d+\.\d+/);
});

test('the bundled dist/cli.js gives the same report as the in-process command, with no stack trace', { skip: !fs.existsSync(BUNDLED_CLI) && 'dist/cli.js not built (node scripts/bundle.mjs)' }, async (t) => {
  const p = tempProject(
    {
      'app.py': "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/admin/users')\ndef users():\n    return []\n",
      'bad.py': Buffer.from([0xff, 0xfe, 0x00]),
      'pyproject.toml': '[tool.flask-guard.rules]\nFG102 = "off"\n',
    },
    t,
  );
  for (const args of [['check'], ['check', '--format', 'sarif'], ['check', 'missing.py'], ['check', '--format', 'yaml'], ['rule', 'FG107']]) {
    const bundled = runBundledCli(args, p.dir);
    const inProcess = await runCli(args, p.dir);
    assert.equal(bundled.stdout, inProcess.stdout, args.join(' '));
    assert.equal(bundled.stderr, inProcess.stderr, args.join(' '));
    assert.equal(bundled.code, inProcess.code, args.join(' '));
    assert.doesNotMatch(bundled.stderr, STACK_FRAME);
  }
});
