import rule from '../../../server/src/rules/weak-credentials/plaintext-password-check';
import { ruleTester } from '../rule-tester';

const HEAD = "import hashlib\nimport hmac\n\nimport bcrypt\nfrom flask import Flask, abort, request\nfrom flask_httpauth import HTTPBasicAuth\nfrom werkzeug.security import check_password_hash\n\nfrom models import User\n\napp = Flask(__name__)\nauth = HTTPBasicAuth()\n";
const L = 13;

ruleTester(rule, {
  valid: [
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    user = User.query.first()\n    if user is None or not check_password_hash(user.password_hash, request.form.get('password', '')):\n        abort(401)\n    return 'ok'\n", name: 'check_password_hash' },
    { code: HEAD + "\n@auth.verify_password\ndef verify(username, password):\n    user = User.query.filter_by(username=username).first()\n    return user if user and bcrypt.checkpw(password.encode(), user.password_hash) else None\n", name: 'bcrypt' },
    { code: HEAD + "\n@app.post('/register')\ndef register():\n    if request.form['password'] != request.form['password2']:\n        return 'no match', 400\n    return 'ok'\n", name: 'password confirmation' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    if request.form['password'] == 'letmein':\n        return 'ok'\n    abort(401)\n", name: 'a literal is FG202, not a stored password' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    user = User.query.first()\n    if user.password_hash != hashlib.sha256(request.form['password'].encode()).hexdigest():\n        abort(401)\n    return 'ok'\n", name: 'a hashed submission is not plaintext (FG203 covers the comparison)' },
  ],
  invalid: [
    {
      code: HEAD + "\n@app.post('/login')\ndef login():\n    user = User.query.filter_by(email=request.form.get('email', '')).first()\n    if user is None or user.password != request.form.get('password', ''):\n        return 'Invalid email or password', 401\n    return 'ok'\n",
      errors: [{ line: L + 4, column: 24, message: 'The `password` form field is compared in plain text with `user.password`' }],
      output: HEAD + "\n@app.post('/login')\ndef login():\n    user = User.query.filter_by(email=request.form.get('email', '')).first()\n    if user is None or not check_password_hash(user.password, request.form.get('password', '')):\n        return 'Invalid email or password', 401\n    return 'ok'\n",
    },
    { code: HEAD + "\n@app.post('/api/login')\ndef api_login():\n    data = request.get_json(silent=True) or {}\n    user = User.query.first()\n    if user is not None and user.password == data.get('password'):\n        return 'ok'\n    abort(401)\n", errors: [{ line: L + 5, message: 'The `password` JSON field' }], name: 'JSON field' },
    {
      code: HEAD + "\n@auth.verify_password\ndef verify_password(username, password):\n    user = User.query.filter_by(username=username).first()\n    if user is not None and hmac.compare_digest(user.password, password):\n        return user\n    return None\n", errors: [{ line: L + 4, column: 29, message: '`password` is compared in plain text' }], name: 'compare_digest on plaintext in verify_password',
      output: HEAD + "\n@auth.verify_password\ndef verify_password(username, password):\n    user = User.query.filter_by(username=username).first()\n    if user is not None and check_password_hash(user.password, password):\n        return user\n    return None\n",
    },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    form = LoginForm()\n    user = User.query.first()\n    if user and user.password == form.password.data:\n        return 'ok'\n    abort(401)\n", errors: [{ line: L + 5, message: '`form.password.data`' }], name: 'WTForms field' },
    { code: HEAD + "USERS = {'john': 'hello'}\n\n@auth.verify_password\ndef verify(username, password):\n    return USERS.get(username) == password\n", errors: [{ line: L + 4, message: 'with `USERS.get(username)`' }], name: 'a dict of plaintext passwords' },
    { code: HEAD + "\nclass Account:\n    def check_password(self, password):\n        return self.password == password\n", errors: [{ line: L + 3, column: 16 }], name: 'a model method' },
  ],
});
