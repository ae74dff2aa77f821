/**
 * "Create `require_api_key` and protect this route", proven on the seed app
 * with Flask's test client: no key and a wrong key are refused, the right key
 * passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../server/src/engine/project';
import { applyToFiles } from '../../server/src/fixes/apply';
import { compileAll, copyToTemp, runPython } from '../helpers/python';

const SHARED = path.resolve(__dirname, '../../../..', 'shared');

test('require_api_key fix makes the seed API refuse missing and wrong keys', async () => {
  const dir = copyToTemp(path.join(SHARED, 'corpus/seed-api-keys-vulnerable'), 'fg-apikey-');
  try {
    const project = await loadProject(dir, ['.']);
    const findings = [...project.engine.analyze().values()].flat();
    const fg101 = findings.find((f) => f.code === 'FG101');
    assert.ok(fg101, 'the seed has an open /export route');
    const fix = fg101.fixes.find((f) => f.title.includes('require_api_key'));
    assert.ok(fix, `fixes offered: ${fg101.fixes.map((f) => f.title).join(', ')}`);
    assert.equal(fix.applicability, 'unsafe');
    for (const [file, text] of applyToFiles(fix.edits, (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined))) fs.writeFileSync(file, text);
    assert.deepEqual(compileAll(dir), []);
    const after = await loadProject(dir, ['.']);
    const remaining = [...after.engine.analyze().values()].flat().filter((f) => f.code === 'FG101');
    assert.deepEqual(remaining.map((f) => f.message), [], 'the route is no longer reported');
    const out = runPython(
      dir,
      "from app import app\nc = app.test_client()\nprint(c.get('/export').status_code, c.get('/export', headers={'X-API-Key': 'wrong'}).status_code, c.get('/export', headers={'X-API-Key': 'key-2'}).status_code)",
      { API_KEYS: 'key-1,key-2' },
    );
    assert.equal(out.trim(), '401 401 200');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
