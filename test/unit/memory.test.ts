/**
 * The server runs for hours while the user types: what an edit replaces must
 * become garbage. A regression here grew the server by 20 KB per keystroke
 * (caches held every earlier version of the file, and through them every
 * statement those versions had).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { exposeGc } from '../../server/src/lsp/idle-gc';
import { engineFor, ROOT } from '../helpers/engine';

const APP = [
  'from flask import Flask, request, session',
  'from flask_login import login_required',
  'import jwt',
  'app = Flask(__name__)',
  '',
  'def current_token():',
  '    return request.headers.get("Authorization")',
  '',
  '@app.route("/admin/users/<int:id>", methods=["POST"])',
  '@login_required',
  'def edit_user(id):',
  '    token = current_token()',
  '    data = jwt.decode(token, "secret", algorithms=["HS256"])',
  '    session["role"] = request.form["role"]',
  '    return "ok"',
  '',
  '@app.route("/admin/delete/<int:id>", methods=["POST"])',
  'def delete_user(id):',
  '    user = request.args.get("next")',
  '    return "deleted"',
  '',
].join('\n');

test('statements replaced by typing are freed once later passes have run', async (t) => {
  const gc = exposeGc();
  if (!gc) return t.skip('this runtime does not expose gc()');
  const file = path.join(ROOT, 'app.py');
  const engine = await engineFor({ 'app.py': APP });
  engine.analyze();
  const replaced: WeakRef<object>[] = [];
  for (let i = 0; i < 40; i++) {
    const source = engine.workspace.get(file)!.source;
    // Typing in both views, one after the other, as a user does.
    const at = source.text.indexOf(i % 2 ? 'return "deleted"' : 'return "ok"') + 8;
    const unit = source.units.find((u) => u.base < at && at < u.end)!;
    replaced.push(new WeakRef(unit.root));
    engine.editFile(file, [{ start: at, end: at, text: 'x' }]);
    engine.analyze(i % 5 === 4 ? 'full' : 'quick');
  }
  engine.analyze('full');
  await tick();
  gc();
  // The statements of the last two edits may still be referenced (the last swap, the last pass).
  const alive = replaced.slice(0, -2).filter((r) => r.deref() !== undefined).length;
  assert.equal(alive, 0, `${alive} of ${replaced.length - 2} replaced statements are still reachable`);
});
