import rule from '../../../server/src/rules/weak-credentials/jwt-claims-not-validated';
import { ruleTester } from '../rule-tester';

const HEAD = "import os\nfrom datetime import datetime, timedelta, timezone\n\nimport jwt\nimport requests\nfrom flask import Flask, jsonify, make_response\n\napp = Flask(__name__)\nKEY = os.environ['JWT_SECRET']\n";
const L = 10;

ruleTester(rule, {
  valid: [
    { code: HEAD + "\ndef reset_claims(user):\n    return {'user': user.id}\n\ndef make_token(user):\n    return jwt.encode(reset_claims(user), KEY, algorithm='HS256')\n", name: 'a helper returning the token of a payload whose builder names a reset link' },
    { code: { 'auth/claims.py': "from datetime import datetime, timedelta, timezone\n\ndef claims_for(user):\n    now = datetime.now(timezone.utc)\n    return {'sub': user.id, 'iat': now, 'exp': now + timedelta(minutes=15)}\n", 'auth/views.py': HEAD + "from auth.claims import claims_for\n\n@app.post('/token')\ndef token():\n    return jsonify(access_token=jwt.encode(claims_for(find_user()), KEY, algorithm='HS256'))\n" }, name: 'a project helper builds the payload with exp' },
    { code: HEAD + "\ndef claims_for(user):\n    return {'sub': user.id}\n\n@app.post('/token')\ndef token():\n    payload = claims_for(find_user())\n    payload['exp'] = datetime.now(timezone.utc) + timedelta(minutes=15)\n    return jsonify(token=jwt.encode(payload, KEY, algorithm='HS256'))\n", name: 'exp added to what the helper returns' },
    { code: HEAD + "\ndef claims_for(user, ttl=None):\n    if ttl:\n        return {'sub': user.id, 'exp': ttl}\n    return {'sub': user.id}\n\n@app.post('/token')\ndef token():\n    return jsonify(token=jwt.encode(claims_for(find_user(), 900), KEY, algorithm='HS256'))\n", name: 'a helper that sets exp on one of its paths' },
    { code: "from authlib.jose import jwt\nfrom flask import jsonify\n\nKEY = open('public.pem').read()\n\ndef read(token):\n    claims = jwt.decode(token, KEY)\n    claims.validate()\n    return jsonify(sub=claims['sub'])\n", name: 'Authlib claims validated' },
    { code: "from authlib.jose import jwt\nfrom flask import jsonify\n\nKEY = open('public.pem').read()\n\ndef read(token):\n    return jwt.decode(token, KEY)\n", name: 'Authlib claims returned: the caller may validate them' },
    { code: "from authlib.jose import jwt\nfrom flask import jsonify\n\nKEY = open('public.pem').read()\n\ndef read(token):\n    claims = jwt.decode(token, KEY, claims_options={'exp': {'essential': True}})\n    check_claims(claims)\n    return jsonify(sub=claims['sub'])\n", name: 'Authlib claims handed to a helper that may validate them' },
    { code: "import jwt\n\ndef read(token, key):\n    return jwt.decode(token, key, algorithms=['HS256'])['sub']\n", name: 'PyJWT decode checks exp without a validate call' },
    { code: HEAD + "\ndef issue(uid):\n    now = datetime.now(timezone.utc)\n    return jwt.encode({'sub': uid, 'exp': now + timedelta(minutes=15)}, KEY, algorithm='HS256')\n", name: 'encode with exp' },
    { code: HEAD + "\ndef issue(uid):\n    payload = {'sub': uid}\n    payload['exp'] = datetime.now(timezone.utc) + timedelta(minutes=5)\n    return jwt.encode(payload, KEY, algorithm='HS256')\n", name: 'exp added to the payload later' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=['HS256'], audience='api', issuer='auth')\n", name: 'decode with every check' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, options={'verify_signature': False, 'verify_exp': False})\n", name: 'signature off is FG205 only' },
    { code: HEAD + "\ndef call_partner():\n    token = jwt.encode({'iss': 'me'}, KEY, algorithm='HS256')\n    return requests.get('https://partner.example/api', headers={'Authorization': f'Bearer {token}'})\n", name: 'a token sent to another service, not handed out' },
    { code: HEAD + "\n@app.post('/forgot')\ndef forgot():\n    user = find_user()\n    token = jwt.encode({'reset': user.id}, KEY, algorithm='HS256')\n    send_mail(user.email, body=f'Reset your password: /reset/{token}')\n    return jsonify(sent=True)\n", name: 'a reset token mailed, not returned' },
    { code: HEAD + "\nclass Account:\n    def reset_link_token(self):\n        return jwt.encode({'account': self.id}, KEY, algorithm='HS256')\n\n\n@app.post('/forgot')\ndef forgot():\n    account = find_account()\n    send_mail(account.email, token=account.reset_link_token())\n    return jsonify(sent=True)\n", name: 'a helper named for a reset link returns the token to the code that mails it' },
    { code: HEAD + "\ndef make_token(user_id):\n    return jwt.encode({'confirm': user_id}, KEY, algorithm='HS256')\n", name: 'a helper whose payload names an address confirmation' },
    { code: { 'util/reset_tokens.py': HEAD + "\ndef create_token(uid, kind):\n    return jwt.encode({'id': uid, 'type': kind}, KEY, algorithm='HS256')\n" }, name: 'a helper in a module named for reset links returns the token to the code that mails it' },
    { code: "from flask_jwt_extended import create_access_token\n\ndef issue(uid):\n    return create_access_token(identity=uid, expires_delta=False)\n", name: 'a Flask-JWT-Extended token that never expires is a lifetime (FG306)' },
    { code: HEAD + "\ndef sign(payload):\n    return jwt.encode(payload, KEY, algorithm='HS256')\n", name: 'unknown payload' },
  ],
  invalid: [
    { code: { 'auth/claims.py': "def claims_for(user):\n    return {'sub': user.id, 'role': user.role}\n", 'auth/views.py': HEAD + "from auth.claims import claims_for\n\n@app.post('/token')\ndef token():\n    user = find_user()\n    return jsonify(access_token=jwt.encode(claims_for(user), KEY, algorithm='HS256'))\n" }, errors: [{ file: 'auth/views.py', line: L + 5, column: 33, message: 'no `exp` claim' }], name: 'a project helper builds the payload without exp' },
    { code: HEAD + "\ndef claims_for(user):\n    claims = dict(sub=user.id)\n    return claims\n\n@app.post('/token')\ndef token():\n    payload = claims_for(find_user())\n    return jsonify(token=jwt.encode(payload, KEY, algorithm='HS256'))\n", errors: [{ line: L + 8, column: 26 }], name: 'a helper payload through names on both sides' },
    { code: "from authlib.jose import jwt\nfrom flask import jsonify\n\nKEY = open('public.pem').read()\n\ndef read(token):\n    claims = jwt.decode(token, KEY)\n    return jsonify(sub=claims['sub'])\n", errors: [{ line: 7, column: 14, message: 'never called here' }], name: 'Authlib claims read without validate()' },
    { code: "from authlib.jose import jwt\nfrom flask import jsonify\n\nKEY = open('public.pem').read()\n\ndef user_id(token):\n    return jwt.decode(token, KEY)['sub']\n", errors: [{ line: 7, column: 12 }], name: 'Authlib claims subscripted straight away' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=['HS256'], options={'verify_exp': False})\n", errors: [{ line: L + 2, column: 12, message: 'skips the expiry check' }], name: 'verify_exp off' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode_complete(token, KEY, algorithms=['HS256'], options={'verify_exp': False})['payload']\n", errors: [{ line: L + 2, column: 12, message: '`jwt.decode_complete` skips the expiry check' }], name: 'decode_complete with verify_exp off' },
    { code: HEAD + "\ndef read(token):\n    return jwt.decode(token, KEY, algorithms=['RS256'], options={'verify_aud': False, 'verify_iss': False})\n", errors: [{ line: L + 2, message: 'skips the audience and issuer checks, so tokens minted for another service' }], name: 'verify_aud and verify_iss off' },
    {
      code: HEAD + "\ndef issue_service_access_token(name):\n    return jwt.encode({'sub': name, 'scope': 'read write'}, KEY, algorithm='HS256')\n", errors: [{ line: L + 2, column: 12, message: 'issues a token with no `exp` claim' }], name: 'returned without exp',
      output: "import time\n" + HEAD + "\ndef issue_service_access_token(name):\n    return jwt.encode({'sub': name, 'scope': 'read write', 'exp': int(time.time()) + 900}, KEY, algorithm='HS256')\n",
    },
    { code: HEAD + "\n@app.post('/token')\ndef token():\n    access = jwt.encode({'sub': 'u1'}, KEY, algorithm='HS256')\n    return jsonify(access_token=access)\n", errors: [{ line: L + 3, column: 14 }], name: 'sent in a response through a variable' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    resp = make_response('ok')\n    resp.set_cookie('access_token', jwt.encode(dict(sub='u1'), KEY, algorithm='HS256'), secure=True, httponly=True)\n    return resp\n", errors: [{ line: L + 4 }], name: 'set as a cookie' },
    { code: HEAD + "\n@app.post('/password-reset')\ndef password_reset():\n    return jsonify(token=jwt.encode({'reset': 1}, KEY, algorithm='HS256'))\n", errors: [{ line: L + 3, column: 26 }], name: 'a reset token a view returns in its response' },
    { code: HEAD + "\ndef make_token(user_id):\n    return jwt.encode({'sub': user_id}, KEY, algorithm='HS256')\n", errors: [{ line: L + 2 }], name: 'a helper whose payload names no link purpose' },
    { code: { 'auth/verify_token.py': HEAD + "\ndef create_token(uid):\n    return jwt.encode({'sub': uid}, KEY, algorithm='HS256')\n" }, errors: [{ file: 'auth/verify_token.py', line: L + 2 }], name: 'a module named for checking tokens says nothing of what its helpers issue' },
  ],
});
