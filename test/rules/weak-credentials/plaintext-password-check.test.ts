import rule from '../../../server/src/rules/weak-credentials/plaintext-password-check';
import { ruleTester } from '../rule-tester';

const HEAD = "import hashlib\nimport hmac\n\nimport bcrypt\nfrom flask import Flask, abort, request\nfrom flask_httpauth import HTTPBasicAuth\nfrom werkzeug.security import check_password_hash\n\nfrom models import User\n\napp = Flask(__name__)\nauth = HTTPBasicAuth()\n";
const L = 13;

ruleTester(rule, {
  valid: [
    { code: HEAD + "import os\n\nfrom models import Preference\n\n@app.post('/door')\ndef door():\n    if os.getenv('DOOR_PASSWORD') != request.form['password'] or app.config.get('DOOR_PASSWORD') != request.form['password']:\n        abort(401)\n    if Preference.get('password_min_length') != request.form['password'] or Preference.lookup('door_password') != request.form['password']:\n        abort(400)\n    return 'ok'\n", name: 'the environment, the config, a model getter of a non-password setting, or a model method not named as a getter is no stored password' },
    { code: "import getpass\n\nimport click\nfrom werkzeug.security import check_password_hash\n\nfrom models import User\n\n@click.command()\n@click.argument('name')\ndef check_user(name):\n    password = getpass.getpass()\n    user = User.query.filter_by(name=name).first()\n    if check_password_hash(user.password, password) or user.password_hash == getpass.getpass():\n        click.echo('ok')\n", name: 'a prompted password verified with check_password_hash; a hash column is not a plain password' },
    { code: HEAD + "\n\ndef query_db(sql, args=(), one=False):\n    return None\n\n@app.post('/login')\ndef login():\n    user = query_db('SELECT * FROM users WHERE username = ?', (request.form['username'],), one=True)\n    query_db('UPDATE users SET password = ? WHERE id = ?', (request.form['password'], 1))\n    return 'ok' if user and check_password_hash(user['password'], request.form['password']) else 'no'\n", name: 'a query helper handed a SELECT by name only, and an UPDATE that stores the password' },
    { code: HEAD + "\n@app.get('/<password_candidate>/shutdown')\ndef shutdown(password_candidate):\n    if password_candidate == app.config['SHUTDOWN_PASSWORD']:\n        return ''\n    abort(404)\n", name: 'a URL part compared with a generated secret is not a stored user password' },
    { code: HEAD + "\nclass Account:\n    def matches(self, digest):\n        return self.password_hash == digest\n\n    def same_email(self, email):\n        return self.email == email\n", name: 'a stored hash against a digest parameter, and a non-password attribute' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    user = User.query.first()\n    if user is None or not check_password_hash(user.password_hash, request.form.get('password', '')):\n        abort(401)\n    return 'ok'\n", name: 'check_password_hash' },
    { code: HEAD + "\n@auth.verify_password\ndef verify(username, password):\n    user = User.query.filter_by(username=username).first()\n    return user if user and bcrypt.checkpw(password.encode(), user.password_hash) else None\n", name: 'bcrypt' },
    { code: HEAD + "\n@app.post('/register')\ndef register():\n    if request.form['password'] != request.form['password2']:\n        return 'no match', 400\n    return 'ok'\n", name: 'password confirmation' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    if request.form['password'] == 'letmein':\n        return 'ok'\n    abort(401)\n", name: 'a literal is FG202, not a stored password' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    user = User.query.first()\n    if user.password_hash != hashlib.sha256(request.form['password'].encode()).hexdigest():\n        abort(401)\n    return 'ok'\n", name: 'a hashed submission is not plaintext (FG203 covers the comparison)' },
    { code: HEAD + "\n@app.post('/prefs')\ndef prefs():\n    user = User.query.first()\n    if user.password_changed_at != request.form['since']:\n        abort(409)\n    return 'ok'\n", name: 'a request value against a column that only mentions the password' },
    { code: HEAD + "\n@app.post('/login')\ndef login():\n    digest = hashlib.sha256(request.form['pw'].encode()).hexdigest()\n    user = User.query.filter_by(email=request.form['email'], password_hash=digest).first()\n    if user is None:\n        abort(401)\n    return 'ok'\n", name: 'a query on a digest of the password is not plaintext' },
    { code: "import argparse\n\nfrom models import User\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--password')\n    args = parser.parse_args()\n    user = User.query.first()\n    print(user.password == args.password)\n", name: 'argparse arguments come from the command line, not the request' },
    { code: HEAD + "\n@app.post('/password')\ndef new_password(db):\n    db.execute('UPDATE members SET password = ? WHERE id = ?', (request.form['password'], 7))\n    return 'ok'\n", name: 'SQL that stores the password (SET) compares nothing' },
    { code: HEAD + "\n@app.post('/signin')\ndef signin(db):\n    row = db.execute('SELECT id, pw_hash FROM members WHERE email = ?', (request.form['email'],)).fetchone()\n    return 'ok' if row and check_password_hash(row[1], request.form['password']) else 'no'\n", name: 'SQL that fetches the hash by name' },
    { code: HEAD + "\n@app.post('/signin')\ndef signin(db):\n    password = request.form['password']\n    password = hashlib.sha256(password.encode()).hexdigest()\n    row = db.execute('SELECT id FROM members WHERE email = %s AND password = %s', (request.form['email'], password)).fetchone()\n    return 'ok' if row else 'no'\n", name: 'the name rebound to a digest of itself before the query holds no plain password' },
    { code: HEAD + "\n\ndef apply_chap(target, user_name, password):\n    current = target.chap_password\n    if password != current:\n        target.chap_password = password\n    return target\n", name: 'a password compared with the one it replaces only detects a change of setting' },
    { code: HEAD + "from mailer import smtp_pool\n\n@app.post('/members/session')\ndef open_session():\n    body = request.get_json()\n    relay = smtp_pool.get(user=body['handle'], password=body['password'])\n    User.objects.create(handle=body['handle'], password=bcrypt.hashpw(body['password'].encode(), bcrypt.gensalt()))\n    member = User.objects(handle=body['handle']).first()\n    if member is None or not check_password_hash(member.password, body['password']):\n        abort(401)\n    return relay.name\n", name: 'keywords of a get on a non-model object, a model create, a lookup by name then a hash check' },
    { code: HEAD + "ADMIN_PASSWORD = 'hunter-22'\napp.config['PANEL_PASSWORD'] = 'panel-22'\n\n@app.post('/admin/login')\ndef admin_login():\n    if request.form['password'] == ADMIN_PASSWORD or request.form['password'] == app.config['PANEL_PASSWORD']:\n        return 'ok'\n    abort(401)\n", name: 'a password written in the code as a constant or a setting is FG202, not a stored password' },
  ],
  invalid: [
    {
      code: HEAD + "from models import Preference\n\n@app.post('/door')\ndef door():\n    if Preference.get_value('door_password') != request.form['code']:\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 4, column: 8, message: 'The `code` form field is compared in plain text with `Preference.get_value(\'door_password\')`' }],
      output: HEAD + "from models import Preference\n\n@app.post('/door')\ndef door():\n    if not check_password_hash(Preference.get_value('door_password'), request.form['code']):\n        abort(401)\n    return 'ok'\n",
      name: 'a stored password read back through a model getter by its name is a stored value',
    },
    { code: "import click\n\nfrom models import User\n\n@click.command()\n@click.argument('name')\ndef check_user(name):\n    password = click.prompt('Password', hide_input=True)\n    user = User.query.filter_by(name=name).first()\n    if user.password == password:\n        click.echo('matches')\n", errors: [{ line: 10, column: 8, message: '`password` (typed at a prompt) is compared in plain text with `user.password`' }], name: 'a CLI command comparing a password typed at a prompt with the stored one' },
    {
      code: HEAD + "\n\ndef query_db(sql, args=(), one=False):\n    return None\n\n@app.post('/login')\ndef login():\n    username = request.form['username']\n    password = request.form['password']\n    user = query_db(\"SELECT * FROM users WHERE username = ? AND password = ?\", (username, password), one=True)\n    return 'ok' if user else 'no'\n",
      errors: [{ line: L + 9, message: 'against the `password` column in a query' }],
      name: "the Flask docs' query_db helper handed a SELECT that matches the password column",
    },
    { code: HEAD + "\nclass Account:\n    def check_password(self, candidate):\n        return self.password == candidate\n", errors: [{ line: L + 3, column: 16, message: '`candidate` is compared in plain text with `self.password`' }], name: 'a model method whose parameter is not named for the password' },
    { code: HEAD + "\n@app.post('/password')\ndef change_password():\n    user = User.query.first()\n    if user.password != request.form['old_password']:\n        abort(403)\n    user.password = request.form['new_password']\n    return 'ok'\n", errors: [{ line: L + 4, message: 'The `old_password` form field is compared in plain text with `user.password`' }], name: 'the old password checked before a new one is stored is a check' },
    { code: HEAD + "\n@app.post('/signin')\ndef signin(db):\n    sql = 'SELECT id FROM members WHERE email = ? AND passwd = ?'\n    row = db.execute(sql, (request.form['email'], request.form['pw'])).fetchone()\n    return 'ok' if row else 'no'\n", errors: [{ line: L + 4, message: 'matched in plain text against the `passwd` column in a query' }], name: 'raw SQL with positional parameters' },
    { code: HEAD + "\n@app.post('/signin')\ndef signin(db):\n    password = request.form['password']\n    row = db.execute('SELECT id FROM members WHERE email = ? AND password = ?', (request.form['email'], password)).fetchone()\n    password = hashlib.sha256(password.encode()).hexdigest()\n    return 'ok' if row else password\n", errors: [{ line: L + 4, message: 'matched in plain text against the `password` column in a query' }], name: 'a password hashed only after the query was matched as typed' },
    { code: HEAD + "\n\ndef decrypt_password(text):\n    return text[::-1]\n\n@app.post('/login')\ndef login():\n    password = request.form['password']\n    password = decrypt_password(password)\n    user = User.query.first()\n    if user.password != password:\n        abort(401)\n    return 'ok'\n", errors: [{ line: L + 10, message: 'compared in plain text with `user.password`' }], name: 'a password decrypted before the check is still the text typed' },
    { code: HEAD + "\n@app.post('/api/signin')\ndef api_signin(db):\n    body = request.get_json()\n    row = db.execute(text('SELECT id FROM members WHERE members.password = :secret'), {'secret': body['password']}).fetchone()\n    return 'ok' if row else 'no'\n", errors: [{ line: L + 4, message: 'against the `password` column' }], name: 'SQLAlchemy text() with a named parameter' },
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
    {
      code: HEAD + "\n@app.post('/signin')\ndef signin():\n    pw = request.form['pw']\n    member = User.query.filter_by(name=request.form['name']).first()\n    if member is None or member.password != pw:\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 5, column: 26, message: '`pw` (the `pw` form field) is compared in plain text with `member.password`' }],
      output: HEAD + "\n@app.post('/signin')\ndef signin():\n    pw = request.form['pw']\n    member = User.query.filter_by(name=request.form['name']).first()\n    if member is None or not check_password_hash(member.password, pw):\n        abort(401)\n    return 'ok'\n",
      name: 'a short field name against the stored password is FG211, not FG203',
    },
    { code: HEAD + "\n@app.post('/signin')\ndef signin():\n    member = User.query.first()\n    if member.passwd == request.json.get('secret_word'):\n        return 'ok'\n    abort(401)\n", errors: [{ line: L + 4, message: 'The `secret_word` JSON field is compared in plain text with `member.passwd`' }], name: 'any request value against a stored password attribute, whatever the field is called' },
    {
      code: { 'app.py': HEAD + "from flask_restful import Resource, reqparse\n\nparser = reqparse.RequestParser()\nparser.add_argument('password', location='form')\n\n\nclass SignIn(Resource):\n    def post(self):\n        args = parser.parse_args()\n        member = User.query.first()\n        if member is None or member.password != args.get('password'):\n            return {'error': 'bad'}, 401\n        if member.password_hash != args['password']:\n            return {'error': 'bad'}, 401\n        return {'ok': True}\n" },
      errors: [{ line: L + 10, column: 30, message: 'The `password` argument of the request parser is compared in plain text with `member.password`' }, { line: L + 12, message: 'with `member.password_hash`' }],
      name: 'Flask-RESTful reqparse arguments are submitted values',
    },
    {
      code: HEAD + "\n@app.post('/signin')\ndef signin():\n    pw = request.form['pw']\n    member = User.query.filter_by(name=request.form['name'], password=pw).first()\n    if member is None:\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 4, column: 62, message: '`pw` (the `pw` form field) is matched in plain text against the `password` column in a query' }],
      output: HEAD + "\n@app.post('/signin')\ndef signin():\n    pw = request.form['pw']\n    member = User.query.filter_by(name=request.form['name'], password=pw).first()\n    if member is None:\n        abort(401)\n    return 'ok'\n",
      name: 'a filter_by lookup on the password column (no automatic fix)',
    },
    {
      code: HEAD + "\n@app.post('/members/session')\ndef open_session():\n    body = request.get_json()\n    member = User.objects(handle=body['handle'], password=body['password']).first()\n    other = User.objects.get(handle=body['handle'], passwd=body['secret'])\n    third = User.get_or_none(User.handle == body['handle'], password=body['password'])\n    if member is None:\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 4, column: 50, message: 'matched in plain text against the `password` column in a query' }, { line: L + 5, column: 53, message: 'against the `passwd` column' }, { line: L + 6, column: 61, message: 'against the `password` column' }],
      output: HEAD + "\n@app.post('/members/session')\ndef open_session():\n    body = request.get_json()\n    member = User.objects(handle=body['handle'], password=body['password']).first()\n    other = User.objects.get(handle=body['handle'], passwd=body['secret'])\n    third = User.get_or_none(User.handle == body['handle'], password=body['password'])\n    if member is None:\n        abort(401)\n    return 'ok'\n",
      name: 'MongoEngine objects(...) / objects.get(...) and peewee get_or_none(...) keyword criteria on the password field (no automatic fix)',
    },
    {
      code: HEAD + "\n@app.post('/signin')\ndef signin():\n    member = User.query.filter(User.email == request.form['email'], User.password == request.form['password']).first()\n    if member is None:\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 3, column: 69, message: 'is matched in plain text against `User.password` in a query' }],
      output: HEAD + "\n@app.post('/signin')\ndef signin():\n    member = User.query.filter(User.email == request.form['email'], User.password == request.form['password']).first()\n    if member is None:\n        abort(401)\n    return 'ok'\n",
      name: 'a SQLAlchemy filter on the password column (no automatic fix)',
    },
    {
      code: HEAD + "from models import db, account\n\n@app.post('/signin')\ndef signin():\n    member = db.session.query(account).filter(account.login == request.form['login'], account.password == request.form['password']).first()\n    if member is None:\n        abort(401)\n    return 'ok'\n",
      errors: [{ line: L + 4, column: 87, message: 'is matched in plain text against `account.password` in a query' }],
      output: HEAD + "from models import db, account\n\n@app.post('/signin')\ndef signin():\n    member = db.session.query(account).filter(account.login == request.form['login'], account.password == request.form['password']).first()\n    if member is None:\n        abort(401)\n    return 'ok'\n",
      name: 'a filter on the password column of a lower-case model in a session query (still FG211; no automatic fix)',
    },
  ],
});
