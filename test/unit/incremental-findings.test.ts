/**
 * End to end, the incremental machinery (statements re-parsed alone, facts
 * patched, findings cached per epoch, quick passes between full ones) must
 * land where a fresh engine lands: random edits over every corpus project,
 * then a full pass, compared with a new engine given the same final texts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPythonParser } from '../../server/src/analysis/parser';
import { Engine } from '../../server/src/engine/engine';
import { discoverPythonFiles } from '../../server/src/engine/files';
import { defaultSettings } from '../../server/src/engine/settings';
import { ALL_RULES } from '../../server/src/rules';
import type { Finding } from '../../server/src/rules/types';
import { REPO_ROOT } from '../helpers/project';
import { failOnRuleError } from '../helpers/engine';

const corpus = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

/** Typing that mostly keeps a file valid (the fast paths), and edits that break it (the slow one). */
const KINDS = {
  typing: ['x', 'q', 'x', 'q', ' ', '\n', '1'],
  breaking: ['(', ')', ':', '#', '"', '\n    ', 'if a:\n        pass\n', '@d\n', 'return 1', ''],
};

function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function keys(root: string, results: Map<string, Finding[]>): string[] {
  return [...results].flatMap(([file, list]) => list.map((f) => `${path.relative(root, file)}:${f.start}-${f.end}:${f.code}:${f.message}`)).sort();
}

for (const [kind, pieces] of Object.entries(KINDS)) {
  test(`after random ${kind} edits and passes, every corpus project's findings equal a fresh engine's`, async () => {
    const p = await loadPythonParser();
    const rand = prng(kind === 'typing' ? 11 : 3);
    const projects = fs.readdirSync(corpus).filter((d) => fs.statSync(path.join(corpus, d)).isDirectory());
    assert.ok(projects.length > 0, `no corpus projects under ${corpus}`);
    for (const project of projects) {
      const root = path.join(corpus, project);
      const files = discoverPythonFiles(root, ['.'], []).files;
      const engine = failOnRuleError(new Engine(p, root, ALL_RULES, defaultSettings()));
      for (const f of files) engine.setFile(f, fs.readFileSync(f, 'utf8'), true);
      engine.analyze();
      for (let step = 0; step < 40; step++) {
        const file = files[Math.floor(rand() * files.length)]!;
        const text = engine.workspace.get(file)!.source.text;
        const at = Math.floor(rand() * (text.length + 1));
        const removed = kind === 'typing' ? 0 : Math.floor(rand() * 4);
        engine.editFile(file, [{ start: at, end: Math.min(text.length, at + removed), text: pieces[Math.floor(rand() * pieces.length)]! }]);
        engine.analyze(rand() < 0.7 ? 'quick' : 'full');
      }
      const fresh = failOnRuleError(new Engine(p, root, ALL_RULES, defaultSettings()));
      for (const f of files) fresh.setFile(f, engine.workspace.get(f)!.source.text, false);
      assert.deepEqual(keys(root, engine.analyze('full')), keys(root, fresh.analyze()), `${project}: incremental and fresh findings differ`);
      for (const f of files) engine.releaseTree(f);
    }
  });
}

test('a login route kept in the editor is read again when an edit elsewhere takes away what guarded it', async () => {
  // dash_auth's Basic auth guards every route of the Flask server the Dash app is built on; without `import dash`
  // there is no Dash app, and the login view is open (FG309). The login reading was cached on the view's node.
  const text = [
    'import dash',
    'import dash_auth',
    'from flask import Flask, request',
    'from flask_login import login_user',
    '',
    'server = Flask(__name__)',
    "app = dash.Dash(__name__, server=server, url_base_pathname='/dash/')",
    "auth = dash_auth.BasicAuth(app, {'admin': 'secret'})",
    '',
    '',
    "@server.route('/login', methods=['POST'])",
    'def login():',
    "    user = USERS.get(request.form['username'])",
    "    if not user or not user.check_password(request.form['password']):",
    "        return 'Invalid credentials', 401",
    '    login_user(user)',
    "    return 'ok'",
    '',
  ].join('\n');
  const p = await loadPythonParser();
  const root = '/virtual/dash';
  const file = path.join(root, 'app.py');
  const engine = failOnRuleError(new Engine(p, root, ALL_RULES, defaultSettings()));
  engine.setFile(file, text, true);
  const codes = (results: Map<string, Finding[]>) => results.get(file)!.map((f) => f.code);
  assert.ok(!codes(engine.analyze()).includes('FG309'), 'behind Basic auth, the login view is no open login');
  engine.editFile(file, [{ start: 0, end: 'import dash\n'.length, text: '' }]);
  assert.ok(codes(engine.analyze('full')).includes('FG309'));
  engine.releaseTree(file);
});
