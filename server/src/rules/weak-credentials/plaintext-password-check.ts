import { comparisons, plaintextPasswordCheck } from './comparisons';
import { sentence } from './credentials';
import { unitScopes } from './scope';
import { defineRule } from '../types';

export default defineRule({
  meta: {
    code: 'FG211',
    name: 'plaintext-password-check',
    family: 'weak-credentials',
    severity: 'error',
    cwe: [256, 522],
    summary: 'A submitted password is compared directly with a stored value, so passwords are stored in plain text.',
    fix: { availability: 'none' },
    docs: {
      whatItDoes:
        'Finds a password from the request (a form or JSON field, `request.authorization.password`, the `password` ' +
        'parameter of a Flask-HTTPAuth `verify_password` callback, a WTForms `form.password.data`) compared with `==`, `!=` ' +
        'or `compare_digest` against a stored value (`user.password`, `users[name]`). Checks through ' +
        '`check_password_hash`, bcrypt, argon2, passlib or Flask-Security\'s `verify_password` are not reported. Such a ' +
        'comparison is reported here only, not also as FG203.',
      whyIsThisBad:
        'If the stored value can be compared with what the user typed, it is the password itself: one database leak, ' +
        'backup or SQL injection hands over every account, and the passwords users re-use elsewhere. Stored passwords ' +
        'must be salted, slow hashes that are verified, never compared.',
      example: [
        'from flask import Flask, request',
        'from flask_login import login_user',
        '',
        'from models import User',
        '',
        'app = Flask(__name__)',
        '',
        "@app.post('/login')",
        'def login():',
        "    user = User.query.filter_by(email=request.form['email']).first()",
        "    if user is None or user.password != request.form['password']:",
        "        return 'Invalid email or password', 401",
        '    login_user(user)',
        "    return 'ok'",
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask, request',
        'from flask_login import login_user',
        'from werkzeug.security import check_password_hash',
        '',
        'from models import User',
        '',
        'app = Flask(__name__)',
        '',
        "@app.post('/login')",
        'def login():',
        "    user = User.query.filter_by(email=request.form['email']).first()",
        "    if user is None or not check_password_hash(user.password_hash, request.form['password']):",
        "        return 'Invalid email or password', 401",
        '    login_user(user)',
        "    return 'ok'",
        '',
      ].join('\n'),
      fixSafety: 'No automatic fix: switching to hashes needs a migration of the stored passwords (hash on next login, or reset).',
      references: ['https://werkzeug.palletsprojects.com/en/latest/utils/#werkzeug.security.check_password_hash', 'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html'],
      files: {
        'models.py': 'from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\nclass User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    email = db.Column(db.String(255), unique=True)\n    password = db.Column(db.String(255))\n    password_hash = db.Column(db.String(255))\n',
      },
    },
  },
  checkUnit(unit, ctx) {
    for (const scope of unitScopes(unit, ctx.file, ctx.workspace)) {
      for (const c of comparisons(scope)) {
        const check = plaintextPasswordCheck(scope, c);
        if (!check) continue;
        ctx.report(ctx.file, c.node, `${sentence(check.input.label)} is compared in plain text with \`${check.stored.text}\`, so passwords are stored as typed; store a hash (\`generate_password_hash\`) and verify it with \`check_password_hash\``);
      }
    }
  },
});
