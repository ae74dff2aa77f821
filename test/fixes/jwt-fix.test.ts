/**
 * FG205's "Pin algorithms" fix, proven with PyJWT: after the fix an
 * `alg: none` token is refused and a properly signed token still passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProject } from '../../server/src/engine/project';
import { applyToFiles } from '../../server/src/fixes/apply';
import { compileAll, runPython } from '../helpers/python';

const APP = `import os

import jwt
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
KEY = os.environ['JWT_KEY']


@app.get('/api/me')
def me():
    token = request.headers.get('Authorization', '').removeprefix('Bearer ')
    try:
        claims = jwt.decode(token, KEY)
    except jwt.InvalidTokenError:
        abort(401)
    return jsonify(user=claims['sub'])


def issue(user):
    return jwt.encode({'sub': user}, KEY, algorithm='HS256')
`;

const CLIENT = `
import base64, json, jwt
from app import app
b = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b'=').decode()
none = b({'alg': 'none', 'typ': 'JWT'}) + '.' + b({'sub': 'admin'}) + '.'
good = jwt.encode({'sub': 'alice'}, 'k' * 32, algorithm='HS256')
c = app.test_client()
print(c.get('/api/me', headers={'Authorization': 'Bearer ' + none}).status_code, c.get('/api/me', headers={'Authorization': 'Bearer ' + good}).status_code)
`;

test('pinning algorithms refuses alg:none and keeps signed tokens working', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fg-jwt-'));
  try {
    fs.writeFileSync(path.join(dir, 'app.py'), APP);
    const project = await loadProject(dir, ['.']);
    const fg205 = [...project.engine.analyze().values()].flat().find((f) => f.code === 'FG205');
    assert.ok(fg205, 'jwt.decode without algorithms is reported');
    const fix = fg205.fixes.find((f) => /algorithms/.test(f.title));
    assert.ok(fix, `fixes offered: ${fg205.fixes.map((f) => f.title).join(', ')}`);
    for (const [file, text] of applyToFiles(fix.edits, (f) => fs.readFileSync(f, 'utf8'))) fs.writeFileSync(file, text);
    assert.match(fs.readFileSync(path.join(dir, 'app.py'), 'utf8'), /jwt\.decode\(token, KEY, algorithms=\["HS256"\]\)/);
    assert.deepEqual(compileAll(dir), []);
    assert.equal(runPython(dir, CLIENT, { JWT_KEY: 'k'.repeat(32) }).trim(), '401 200');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
