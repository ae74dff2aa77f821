/**
 * Where a project is checked out says nothing of its files: a CI runner's
 * `/builds/tests/...` or a user's `~/config/shop` must not make every file
 * test code or a settings module.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadPythonParser } from '../../server/src/analysis/parser';
import { Engine } from '../../server/src/engine/engine';
import { defaultSettings } from '../../server/src/engine/settings';
import { ALL_RULES } from '../../server/src/rules';
import { failOnRuleError } from '../helpers/engine';

const APP = [
  'from flask import Flask',
  'from flask_login import LoginManager',
  '',
  'app = Flask(__name__)',
  "app.secret_key = 'dev'",
  'LoginManager(app)',
  '',
  "@app.post('/admin/delete_user')",
  'def delete_user():',
  "    return 'ok'",
  '',
  "if __name__ == '__main__':",
  '    app.run(debug=True)',
  '',
].join('\n');

async function codesUnder(root: string, files: Record<string, string>): Promise<string[]> {
  const engine = failOnRuleError(new Engine(await loadPythonParser(), root, ALL_RULES, defaultSettings()));
  for (const [name, text] of Object.entries(files)) engine.setFile(path.join(root, name), text);
  return [...engine.analyze().values()].flat().map((f) => f.code).sort();
}

test('a project checked out under folders named tests or config keeps its findings', async () => {
  const plain = await codesUnder(path.resolve('/work/shop'), { 'app.py': APP });
  assert.ok(['FG101', 'FG105', 'FG209'].every((c) => plain.includes(c)), plain.join(' '));
  assert.deepEqual(await codesUnder(path.resolve('/builds/tests/config/shop'), { 'app.py': APP }), plain);
});

test('test code is still judged below the root', async () => {
  const found = await codesUnder(path.resolve('/work/shop'), { 'tests/app.py': APP });
  assert.deepEqual(found.filter((c) => c === 'FG101' || c === 'FG209'), []);
});
