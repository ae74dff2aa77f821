import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crackFlaskSession, decodeFlaskSession } from '../../server/src/scanner/flask-session';
import { crackJwt, decodeJwt, forgeAlgNone, stripSignature } from '../../server/src/scanner/jwt';
import { bundledSecrets, secretHint, toCandidates } from '../../server/src/scanner/wordlist';
import { runPython } from './helpers';

const bundled = toCandidates(bundledSecrets);
const unlisted = 'k7#unlisted-Secret-9f2c41';

/** A session cookie as Flask itself signs it. */
function flaskCookie(secret: string, data: object): Promise<string> {
  return runPython(`
import json, sys
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
app = Flask('t'); app.secret_key = sys.argv[1]
print(SecureCookieSessionInterface().get_signing_serializer(app).dumps(json.loads(sys.argv[2])))
`, [secret, JSON.stringify(data)]);
}

function pyjwt(secret: string, algorithm: string): Promise<string> {
  return runPython(`
import sys, jwt
print(jwt.encode({'sub': 'demo', 'role': 'member'}, sys.argv[1], algorithm=sys.argv[2]))
`, [secret, algorithm]);
}

describe('Flask session cookies from real Flask/itsdangerous', { timeout: 60000 }, () => {
  test('decodes the payload without a key and finds a well-known secret', async () => {
    const cookie = await flaskCookie('supersecretkey', { is_admin: true, role: 'admin', user_id: 1 });
    const session = decodeFlaskSession(cookie);
    assert.ok(session);
    assert.equal(session.compressed, false);
    assert.deepEqual(session.data, { is_admin: true, role: 'admin', user_id: 1 });
    assert.equal(crackFlaskSession(session, bundled)?.toString(), 'supersecretkey');
  });

  test('decodes a zlib-compressed cookie (leading dot) and cracks it', async () => {
    const cookie = await flaskCookie('changeme', { notes: 'x'.repeat(400) });
    assert.ok(cookie.startsWith('.'), cookie);
    const session = decodeFlaskSession(cookie);
    assert.ok(session);
    assert.equal(session.compressed, true);
    assert.equal(session.data.notes, 'x'.repeat(400));
    assert.equal(crackFlaskSession(session, bundled)?.toString(), 'changeme');
  });

  for (const secret of ['dev', 'development key', 'secret-key', 'your-secret-key', 'secret']) {
    test(`finds "${secret}"`, async () => {
      const session = decodeFlaskSession(await flaskCookie(secret, { uid: 2 }));
      assert.ok(session);
      assert.equal(crackFlaskSession(session, bundled)?.toString(), secret);
    });
  }

  test('a secret not in the list stays uncracked, until a user wordlist has it', async () => {
    const session = decodeFlaskSession(await flaskCookie(unlisted, { uid: 2 }));
    assert.ok(session);
    assert.equal(crackFlaskSession(session, bundled), undefined);
    assert.equal(crackFlaskSession(session, toCandidates([...bundledSecrets, 'other', unlisted]))?.toString(), unlisted);
  });

  test('rejects what is not a session cookie', () => {
    for (const value of ['light', 'a.b', 'eyJ4Ijoxfq.Zx.abc', '.!!!.x.y', '']) {
      assert.equal(decodeFlaskSession(value), undefined, value);
    }
  });

  test('hints at a cracked secret without printing it', () => {
    const hint = secretHint(Buffer.from('supersecretkey'));
    assert.doesNotMatch(hint, /supersecretkey/);
    assert.match(hint, /14 characters/);
  });
});

describe('JWTs from real PyJWT', { timeout: 60000 }, () => {
  for (const algorithm of ['HS256', 'HS384', 'HS512']) {
    test(`cracks an ${algorithm} token signed with "secret"`, async () => {
      const jwt = decodeJwt(await pyjwt('secret', algorithm));
      assert.ok(jwt);
      assert.equal(jwt.header.alg, algorithm);
      assert.equal(crackJwt(jwt, bundled)?.toString(), 'secret');
    });
  }

  test('a long secret (hashed to the block size first) cracks too', async () => {
    const long = 'x'.repeat(200);
    const jwt = decodeJwt(await pyjwt(long, 'HS512'));
    assert.ok(jwt);
    assert.equal(crackJwt(jwt, toCandidates(['nope', long]))?.toString(), long);
  });

  test('a secret not in the list stays uncracked', async () => {
    const jwt = decodeJwt(await pyjwt(unlisted, 'HS256'));
    assert.ok(jwt);
    assert.equal(crackJwt(jwt, bundled), undefined);
  });

  test('forged alg:none and stripped-signature tokens carry the same claims (read back by PyJWT)', async () => {
    const jwt = decodeJwt(await pyjwt('secret', 'HS256'));
    assert.ok(jwt);
    const readBack = await runPython(`
import sys, json, jwt
out = []
for tok in sys.argv[1:]:
    out.append([jwt.get_unverified_header(tok)['alg'], jwt.decode(tok, options={'verify_signature': False})])
print(json.dumps(out))
`, [forgeAlgNone(jwt), stripSignature(jwt)]);
    assert.deepEqual(JSON.parse(readBack), [['none', { sub: 'demo', role: 'member' }], ['HS256', { sub: 'demo', role: 'member' }]]);
  });
});
