/**
 * Indexes over the whole workspace (FG204's helpers handed the Authorization
 * header, FG209's constants used as JWT keys) are kept while the workspace's
 * interface stands, so typing does not rebuild them. Typing still moves the
 * definitions after the cursor: the indexes must find them again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { engineFor, locate, ROOT } from '../helpers/engine';

const HELPERS = [
  'def audit(event):',
  '    return event',
  '',
  '',
  'def bearer(header):',
  "    return header.split(' ')[1]",
  '',
].join('\n');
const VIEWS = [
  'from flask import Flask, request',
  'from helpers import bearer',
  '',
  'app = Flask(__name__)',
  '',
  '',
  "@app.get('/me')",
  'def me():',
  "    return bearer(request.headers['Authorization'])",
  '',
].join('\n');
const CONFIG = ['import jwt', '', '', 'def noop():', '    return None', '', '', "JWT_SECRET = 'change-me'", '', '', 'def issue(user):', "    return jwt.encode({'sub': user}, JWT_SECRET, algorithm='HS256')", ''].join('\n');

test('typing above a helper or a key constant keeps FG204 and FG209 on them, in quick and full passes', async () => {
  const engine = await engineFor({ 'helpers.py': HELPERS, 'views.py': VIEWS, 'config.py': CONFIG });
  const seen = (results = engine.analyze()) => locate(engine, results).filter((f) => f.code === 'FG204' || f.code === 'FG209').map((f) => `${f.name}:${f.line} ${f.code}`);
  assert.deepEqual(seen(), ['config.py:8 FG209', 'helpers.py:6 FG204']);
  // A line typed inside the first function of each file: no definition changes, everything after moves.
  for (const name of ['helpers.py', 'config.py']) {
    const file = path.join(ROOT, name);
    const at = engine.workspace.get(file)!.source.lineIndex.offset({ line: 1, character: 0 });
    engine.setFile(file, engine.workspace.get(file)!.source.lineIndex.text, true);
    engine.editFile(file, [{ start: at, end: at, text: '    event = None\n' }]);
  }
  assert.deepEqual(seen(engine.analyze('quick')), ['config.py:9 FG209', 'helpers.py:7 FG204'], 'quick pass');
  assert.deepEqual(seen(), ['config.py:9 FG209', 'helpers.py:7 FG204'], 'full pass');
});
