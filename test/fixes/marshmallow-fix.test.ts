/**
 * "Validate input with a marshmallow schema" on the insecure-design seed,
 * proven with Flask's test client and SQLite: `{"is_admin": true}` is refused
 * with a 400 and changes nothing; a normal profile update goes through.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../server/src/engine/project';
import { applyToFiles } from '../../server/src/fixes/apply';
import { compileAll, copyToTemp, runPython } from '../helpers/python';

const SHARED = path.resolve(__dirname, '../../../..', 'shared');

const CLIENT = `
from app import app, db
from models import User
from werkzeug.security import generate_password_hash
app.config['TESTING'] = True
with app.app_context():
    db.create_all()
    db.session.add(User(id=1, username='alice', email='alice@example.com', password_hash=generate_password_hash('x')))
    db.session.commit()
c = app.test_client()
with c.session_transaction() as s:
    s['user_id'] = 1
bad = c.post('/update_profile', json={'is_admin': True})
good = c.post('/update_profile', json={'display_name': 'Alice A.'})
with app.app_context():
    u = db.session.get(User, 1)
    print(bad.status_code, good.status_code, u.is_admin, u.display_name)
`;

test('the marshmallow schema fix refuses privileged keys and accepts a profile update', async () => {
  const dir = copyToTemp(path.join(SHARED, 'corpus/seed-insecure-design-vulnerable'), 'fg-schema-');
  try {
    const project = await loadProject(dir, ['.']);
    const fg302 = [...project.engine.analyze().values()].flat().find((f) => f.code === 'FG302');
    assert.ok(fg302, 'the seed applies request.json to the user');
    const fix = fg302.fixes.find((f) => f.title.includes('marshmallow'));
    assert.ok(fix, `fixes offered: ${fg302.fixes.map((f) => f.title).join(', ')}`);
    for (const [file, text] of applyToFiles(fix.edits, (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined))) fs.writeFileSync(file, text);
    const schema = fs.readFileSync(path.join(dir, 'schemas.py'), 'utf8');
    assert.match(schema, /class UserUpdateSchema\(Schema\)/);
    assert.match(schema, /unknown = RAISE/);
    assert.doesNotMatch(schema, /is_admin|password_hash|account_balance|^ {4}id =/m, 'privileged and server-owned columns stay out');
    assert.match(schema, /display_name = fields\.Str\(validate=validate\.Length\(max=50\), allow_none=True\)/);
    assert.deepEqual(compileAll(dir), []);
    const after = await loadProject(dir, ['.']);
    assert.deepEqual([...after.engine.analyze().values()].flat().filter((f) => f.code === 'FG302').map((f) => f.message), []);
    assert.equal(runPython(dir, CLIENT, { DATABASE_URL: 'sqlite://' }).trim(), '400 200 False Alice A.');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
