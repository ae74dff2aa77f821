import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile } from '../../analysis/workspace';
import { ensureImport } from '../../fixes/imports';
import { comparisons, plaintextPasswordCheck, plaintextPasswordLookups, type Comparison } from './comparisons';
import { sentence } from './credentials';
import { liveFile, unitScopes } from './scope';
import { defineRule, type Fix } from '../types';

export default defineRule({
  meta: {
    code: 'FG211',
    name: 'plaintext-password-check',
    family: 'weak-credentials',
    severity: 'error',
    cwe: [256, 522],
    summary: 'A submitted password is compared directly with a stored value, so passwords are stored in plain text.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Verify with `check_password_hash`' },
    docs: {
      whatItDoes:
        'Finds a password from the request (a form or JSON field, `request.authorization.password`, the `password` ' +
        'parameter of a Flask-HTTPAuth `verify_password` callback, a WTForms `form.password.data`, a Flask-RESTful ' +
        '`parse_args()` argument) compared with `==`, `!=` or `compare_digest` against a stored value (`user.password`, ' +
        '`users[name]`, or a local assigned once from one: `p = user.password`), or matched in a database query (`filter_by(password=pw)`, `filter(User.password == pw)`, MongoEngine\'s ' +
        '`User.objects(password=pw)`, peewee\'s `User.get_or_none(password=pw)`). Against a ' +
        'stored password (`member.password`, `.passwd`, `.password_hash`) any request value counts, whatever the field is ' +
        'called (`request.form["pw"]`). Checks through ' +
        '`check_password_hash`, bcrypt, argon2, passlib or Flask-Security\'s `verify_password` are not reported; nor is one ' +
        'password written in the code (a literal, or a constant or setting assigned from one): that is FG202\'s. A table ' +
        'of users\' passwords is a store even when written in the code. A password met with its retyped confirmation ' +
        '(a helper\'s `password_confirm` parameter) or the account\'s email or user name is a policy check, not a stored ' +
        'value. Such a comparison is reported here only, not ' +
        'also as FG203.',
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
      fixSafety:
        'Unsafe: the fix turns the comparison into `check_password_hash(<stored>, <submitted>)` (adding the import from ' +
        '`werkzeug.security`), which only accepts hashes made by `generate_password_hash`. Until the stored passwords are ' +
        'migrated (hash on next login, or a reset), nobody can log in. A match inside a query has no automatic fix: the user ' +
        'has to be fetched by name first and the password verified after.',
      references: ['https://werkzeug.palletsprojects.com/en/latest/utils/#werkzeug.security.check_password_hash', 'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html'],
      files: {
        'models.py': 'from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\nclass User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    email = db.Column(db.String(255), unique=True)\n    password = db.Column(db.String(255))\n    password_hash = db.Column(db.String(255))\n',
      },
    },
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    const advice = 'so passwords are stored as typed; store a hash (`generate_password_hash`) and verify it with `check_password_hash`';
    for (const scope of unitScopes(unit, ctx.file, ctx.workspace)) {
      for (const c of comparisons(scope)) {
        const check = plaintextPasswordCheck(scope, c);
        if (!check) continue;
        if (check.inQuery) {
          ctx.report(ctx.file, c.node, `${sentence(check.input.label)} is matched in plain text against \`${check.stored.text}\` in a query, ${advice} after fetching the user by name`);
          continue;
        }
        const stored = check.origin ? `\`${check.stored.text}\` (\`${check.origin.text}\`)` : `\`${check.stored.text}\``;
        ctx.report(ctx.file, c.node, `${sentence(check.input.label)} is compared in plain text with ${stored}, ${advice}`, {
          fixes: () => [hashCheckFix(liveFile(ctx.workspace, ctx.file), c, check.stored, check.submitted)],
        });
      }
      for (const lookup of plaintextPasswordLookups(scope)) {
        ctx.report(ctx.file, lookup.node, `${sentence(lookup.input.label)} is matched in plain text against the \`${lookup.column}\` column in a query, ${advice} after fetching the user by name`);
      }
    }
  },
});

function hashCheckFix(file: IndexedFile, c: Comparison, stored: SyntaxNode, submitted: SyntaxNode): Fix {
  const call = `check_password_hash(${stored.text}, ${submitted.text})`;
  const edits: Fix['edits'] = [{ kind: 'replace', file: file.path, start: c.node.start, end: c.node.end, text: c.op === '!=' ? `not ${call}` : call }];
  const imp = ensureImport(file, 'werkzeug.security', 'check_password_hash');
  if (imp) edits.push(imp);
  return { title: 'Verify with `check_password_hash`', applicability: 'unsafe', edits };
}
