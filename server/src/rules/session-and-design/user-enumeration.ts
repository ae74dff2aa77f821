import { ownNodes } from '../../analysis/body';
import { isLoggingCall } from '../../analysis/dataflow';
import { assignmentsByName, type AssignmentFact, type ClassFact, type FunctionFact } from '../../analysis/facts';
import type { Route } from '../../analysis/flask-model';
import { callParts, comparisonOperator, dottedName, intValue, lastName, statements, stringValue, unwrap } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile } from '../../analysis/workspace';
import type { Fix, RuleContext } from '../types';
import { defineRule } from '../types';
import { chainRoot, isLoginRoute, isResetRoute, projectDecorator, readsRequest, returnedHelpers } from './login-routes';

/** Calls that check a password (or a password-like secret). */
const PASSWORD_CHECK = /passw|pwd|checkpw|check_hash|verify_hash|bcrypt|argon|pbkdf|authenticate/i;
/** Audit helpers (`record('auth', ...)`, `audit_log(...)`, `log_failed_login(...)`): like log lines, they write for the operators. */
const AUDIT_CALL = /^(audit|record|log|track)(_\w+)?$|_(log|audit|event)s?$/i;
/** First arguments that name a template or an endpoint, or are SQL, not a message. */
const NOT_MESSAGE_CALLS = /^(render_template|render_template_string|url_for|redirect|send_file|send_from_directory|get|getattr|execute|executemany|executescript)$/;

interface Branch {
  /** The `if` statement the branch belongs to. */
  stmt: SyntaxNode;
  body: SyntaxNode[];
  kind: 'user-missing' | 'password-wrong';
  /** The test that selects the branch. */
  cond: SyntaxNode;
  /** What a request that does not take the branch runs: the `if user:` branch it is the `else` of, or the `if` that always answers when the branch is what follows it. */
  otherwise?: SyntaxNode[];
  /** `if user: ... return` ends the handler: an unknown user gets what a function returns by falling off its end (None). */
  fallsOff?: true;
}

/** Calls whose result is the account looked up: `User.query...first()`, `get_user(email)`, `users.get(name)`, `db.execute(...).fetchone()`. */
const LOOKUP_CALL = /query|\bget\b|get_|_get\b|first|\bone\b|one_or|find|lookup|load|fetch|select|search|scalar|objects|_by\b|\bby_|\bnext\b/i;
/** Names that hold an account (when the view does not say where they come from). */
const ACCOUNT_NAME = /user|account|member|customer|person|profile|admin|principal|^u$/i;
/** Reads of a submitted value (`body.get('password')`, `form['pw'].strip()`): testing them is a missing-field check, not a password check. */
const READ_CALL = /^(get|getlist|getattr|strip|lower|pop)$/;

/** What names the view assigns from which values, to tell a looked-up account from a flag (`allowed = limiter.check(...)`). */
type Assigned = ReadonlyMap<string, readonly AssignmentFact[]>;
/** A name assigned from a name (`user = found`) is judged by the name alone. */
const NOTHING_ASSIGNED: Assigned = new Map();

/** A test that is true when the looked-up user does not exist: `user is None`, `not user`, `not User.query...first()`. */
function userMissing(cond: SyntaxNode, positive: boolean, assigned: Assigned): boolean {
  const c = unwrap(cond)!;
  if (c.type === 'boolean_operator' || PASSWORD_CHECK.test(c.text)) return false;
  if (c.type === 'not_operator') return userMissing(c.field_('argument')!, !positive, assigned);
  const truth = truthTest(c);
  if (truth) return userMissing(truth.operand, truth.holds === positive, assigned);
  if (c.type === 'comparison_operator') {
    const [a, b] = c.namedChildren;
    const op = c.children.filter((x) => !x.named).map((x) => x.text).join(' ');
    // `if username not in USERS:`: the demo app's account table has no such key.
    if (op === 'in' || op === 'not in') return (op === 'not in') === positive && !!a && a.type !== 'string' && !!b && isAccountTable(b);
    if (!a || !b || (b.type !== 'none' && a.type !== 'none')) return false;
    const isNone = op === 'is' || op === '==';
    return isNone === positive && isLookup(a.type === 'none' ? b : a, assigned);
  }
  return !positive && isLookup(c, assigned);
}

/**
 * A comparison that asks only whether a value is true: `check == False`, `ok is True`, `len(rows) == 0`, `rows == ()`
 * (`holds` is whether the comparison is true when the operand is), so it reads as `not check`, `ok`, `not rows`.
 */
function truthTest(c: SyntaxNode): { operand: SyntaxNode; holds: boolean } | undefined {
  const len = (n: SyntaxNode | undefined) => {
    const parts = callParts(unwrap(n));
    return parts?.name === 'len' && parts.positional.length === 1 ? parts.positional[0] : undefined;
  };
  if (c.type === 'call') {
    const counted = len(c);
    return counted && { operand: counted, holds: true };
  }
  if (c.type !== 'comparison_operator' || c.namedChildren.length !== 2) return undefined;
  const [a, b] = c.namedChildren as [SyntaxNode, SyntaxNode];
  const op = c.children.filter((x) => !x.named).map((x) => x.text).join(' ');
  const equal = op === '==' || op === 'is';
  if (!equal && op !== '!=' && op !== 'is not') {
    // `len(rows) < 1`, `len(rows) > 0`, `len(rows) >= 1`
    const counted = len(a);
    const n = intValue(b);
    if (!counted || n === undefined) return undefined;
    if ((op === '<' && n === 1) || (op === '<=' && n === 0)) return { operand: counted, holds: false };
    if ((op === '>' && n === 0) || (op === '>=' && n === 1)) return { operand: counted, holds: true };
    return undefined;
  }
  const [side, value] = b.type === 'true' || b.type === 'false' || intValue(b) === 0 || isEmptyCollection(b) ? [a, b] : [b, a];
  if (value.type === 'true' || value.type === 'false') return { operand: side, holds: (value.type === 'true') === equal };
  // `rows == ()` after `rows = cursor.fetchall()`: the query found nobody.
  if (isEmptyCollection(value)) return { operand: side, holds: !equal };
  const counted = intValue(value) === 0 ? len(side) : undefined;
  return counted && { operand: counted, holds: !equal };
}

/** `()`, `[]`: what `fetchall()` answers when no row matches. */
function isEmptyCollection(n: SyntaxNode): boolean {
  return (n.type === 'tuple' || n.type === 'list') && n.namedChildren.length === 0;
}

/** `USERS`, `app.users`, `user_db`: a table of accounts by name, not one account's attribute (`user.roles`). */
function isAccountTable(n: SyntaxNode): boolean {
  const u = unwrap(n)!;
  return (u.type === 'identifier' || u.type === 'attribute') && ACCOUNT_NAME.test(lastName(dottedName(u)) ?? '');
}

function isLookup(n: SyntaxNode, assigned: Assigned): boolean {
  const u = unwrap(n)!;
  if (u.type === 'identifier' || isSelfAttribute(u)) {
    if (/passw|pwd|error|form/i.test(u.text)) return false;
    const values = assigned.get(u.text);
    // What the view put in the name decides (`found_data = User.query...first()`); else `data` names a payload.
    return values ? values.some((a) => !readsRequest(a.value, assigned) && !keyedByIssuedValue(a.value, assigned) && isLookup(a.value, NOTHING_ASSIGNED)) : !/data/i.test(u.text) && ACCOUNT_NAME.test(u.text);
  }
  // `session.get('loggedin')` reads what this browser was given, not an account the caller named; `request.form.get('email')`
  // reads what the caller sent (testing it is a missing-field check).
  return u.type === 'call' && (LOOKUP_CALL.test(callParts(u)!.callee.text) || asksWhetherAccountExists(u)) && !asksForAnyAccount(u) && !isFlaskSession(chainRoot(u), NOTHING_ASSIGNED) && !readsRequest(u, assigned);
}

/** A predicate named for existence: `user_exists(name)`, `Auth.account_exists_verified(...)`, `User.exists(email)`. */
const EXISTS_CALL = /(^|_)exists?(_|$)/i;
/** An identifier that names an account or what it is found by: `User`, `account_exists`, `email`, `user_name`. */
const ACCOUNT_KEY = new RegExp(`${ACCOUNT_NAME.source}|^(\\w+_)?(email|username|name|login)$`, 'i');

/**
 * `if not AuthModel.account_exists_verified(self.account.data):` answers true or false where a lookup answers a record
 * or None: it asks about the account the caller named, not about a file (`os.path.exists(path)`, `Path(p).exists()`).
 */
function asksWhetherAccountExists(call: SyntaxNode): boolean {
  const parts = callParts(call)!;
  const name = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')!.text : parts.callee.text;
  return EXISTS_CALL.test(name) && !/path/i.test(parts.callee.text) && call.find('identifier').some((id) => ACCOUNT_KEY.test(id.text));
}

/** A query over a model class: `Admin.query`, `Admin.objects`, `db.session.query(Admin)`. */
const MODEL_QUERY = /\b[A-Z]\w*\.(query|objects)\b|\bquery\(\s*[A-Z]\w*\s*\)/;

/**
 * `Admin.query.first()`, `db.session.query(Admin).first()`: a model query passed nothing but the model class asks
 * whether any account exists at all (a single-admin blog), not whether the submitted name has one. (A cursor's
 * `fetchone()` reads a query run before, which may be keyed.)
 */
function asksForAnyAccount(call: SyntaxNode): boolean {
  return MODEL_QUERY.test(call.text) && call.find('argument_list').every((args) => args.namedChildren.every((a) => a.type === 'identifier' && /^[A-Z]/.test(a.text)));
}

/** Calls that check a signed token and answer what it carries: `Project.verify_token(token)`, `serializer.loads(token)`, `jwt.decode(...)`. */
const TOKEN_CHECK = /verify|confirm|decode|loads|unsign/i;

/**
 * `project_id = Project.verify_token(token)` then `Project.query.get(project_id)`, `filter_by(reset_token=token)`, or a
 * cursor that ran a query on the address a verified token carries: the lookup's key is a token the server issued, not an
 * address the caller chose, so finding nobody tells the caller the token is bad, nothing about other accounts. So is an
 * address the app kept in the session (`email = session['reset_email']`): the step that took it from the caller answered then.
 */
function keyedByIssuedValue(lookup: SyntaxNode, assigned: Assigned, depth = 0): boolean {
  const keys = lookupKeys(lookup, assigned);
  return depth < 3 && keys.length > 0 && keys.every((key) => {
    if (/token/i.test(key.text) || isFlaskSession(key, assigned)) return true;
    const values = assigned.get(key.text);
    return !!values?.length && values.every((a) => fromTokenCheck(a.value) || isFlaskSession(chainRoot(a.value), assigned) || keyedByIssuedValue(a.value, assigned, depth + 1));
  });
}

/** Flask's `session` (not a name the view assigns), holding what an earlier request left there. */
function isFlaskSession(n: SyntaxNode | undefined, assigned: Assigned): boolean {
  return n?.type === 'identifier' && n.text === 'session' && !assigned.has('session') && !storesSubmission(n, assigned);
}

/** `session['uname'] = request.form['email']` in the same view: the session holds what this request sent. */
function storesSubmission(n: SyntaxNode, assigned: Assigned): boolean {
  let def = n.parent;
  while (def && def.type !== 'function_definition') def = def.parent;
  return ownNodes(def?.field_('body'), ['assignment']).some((a) => {
    const left = a.field_('left');
    const right = a.field_('right');
    return left?.type === 'subscript' && left.field_('value')?.text === 'session' && !!right && readsRequest(right, assigned);
  });
}

/**
 * The names a lookup is keyed by: those passed as values (not keyword names, called functions or attributes read), and
 * the local object it reads from (`result.fetchone()` after `result = db.execute(...)`). Model classes and constants
 * (`User`, `query = text('SELECT ...')`) are the same for every caller.
 */
function lookupKeys(lookup: SyntaxNode, assigned: Assigned): SyntaxNode[] {
  const u = unwrap(lookup)!;
  const root = chainRoot(u);
  const passed = u.find('argument_list').flatMap((args) => args.find('identifier').filter((id) => id.field !== 'name' && id.field !== 'function' && id.field !== 'attribute'));
  return [...passed, ...(root && root !== u && assigned.has(root.text) ? [root] : [])].filter((id) => {
    const values = assigned.get(id.text);
    return values ? !values.every((a) => isConstant(a.value)) : !/^[A-Z]/.test(id.text);
  });
}

const LITERALS: ReadonlySet<string> = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);

/** A literal, or SQL text built from one (`text('SELECT ...')`). */
function isConstant(value: SyntaxNode): boolean {
  const u = unwrap(value);
  if (u && LITERALS.has(u.type)) return true;
  const parts = callParts(u);
  return !!parts && /^(text|sql)$/i.test(lastName(parts.name) ?? '') && parts.positional.length === 1 && LITERALS.has(unwrap(parts.positional[0])?.type ?? '');
}

/** `verify_token(token)` or `s.loads(token)['user_id']`. */
function fromTokenCheck(value: SyntaxNode): boolean {
  let v = unwrap(value);
  while (v?.type === 'subscript') v = unwrap(v.field_('value'));
  const callee = v?.type === 'call' ? callParts(v)?.callee : undefined;
  return !!callee && TOKEN_CHECK.test(lastName(dottedName(callee) ?? callee.text) ?? '');
}

/**
 * A test that is true when the password is wrong: `not check_password_hash(...)`, `user.password != pw`, `not matches`
 * after `matches = check_password_hash(...)`, or an `or` that includes one.
 */
function passwordWrong(cond: SyntaxNode, positive: boolean, secret: RegExp = PASSWORD_CHECK, assigned: Assigned = NOTHING_ASSIGNED): boolean {
  const c = unwrap(cond)!;
  if (c.type === 'identifier' && holdsPasswordCheck(c, assigned)) return !positive;
  const truth = truthTest(c);
  if (truth) return passwordWrong(truth.operand, truth.holds === positive, secret, assigned);
  if (c.type === 'boolean_operator') {
    const or = c.children.some((x) => x.type === 'or');
    const sides = [c.field_('left')!, c.field_('right')!];
    // `user is None or not check(...)`: true when the password is wrong; `user and check(...)`: its else is.
    return or ? positive && sides.some((s) => passwordWrong(s, true, secret, assigned)) : !positive && sides.some((s) => passwordWrong(s, false, secret, assigned));
  }
  if (c.type === 'not_operator') return passwordWrong(c.field_('argument')!, !positive, secret, assigned);
  if (!(secret.test(c.text) || comparesStoredSecret(c, secret, assigned)) || readsSubmittedValue(c)) return false;
  if (c.type === 'comparison_operator') {
    const op = c.children.filter((x) => !x.named).map((x) => x.text).join(' ');
    return (op === '!=' || op === 'is not') === positive;
  }
  return !positive;
}

/**
 * `p = user.password` then `if session['pswd'] == p:`: a side of the comparison holds the account's stored password.
 * A name the request filled (`confirm = request.form['confirm']`) is a submitted value, not what is stored.
 */
function comparesStoredSecret(c: SyntaxNode, secret: RegExp, assigned: Assigned): boolean {
  return c.type === 'comparison_operator' && c.namedChildren.some((side) => side.type === 'identifier' && (assigned.get(side.text) ?? []).some((a) => secret.test(a.value.text) && !readsRequest(a.value, assigned)));
}

/** Calls that answer whether a password is right (`check_password_hash`, `bcrypt.checkpw`, `user.verify_password`), not ones that hash it. */
const CHECK_CALL = /check|verify|compare|match|valid|authenticat/i;

/** The name holds only the answer of a password check: `matches = check_password_hash(user['hash'], password)`. */
function holdsPasswordCheck(name: SyntaxNode, assigned: Assigned): boolean {
  const values = assigned.get(name.text) ?? [];
  return values.length > 0 && values.every((a) => {
    const parts = callParts(unwrap(a.value));
    return !!parts && PASSWORD_CHECK.test(a.value.text) && CHECK_CALL.test(lastName(parts.name) ?? parts.callee.text);
  });
}

/**
 * `password`, `body.get('password')`, `password is None`, `password == ''`, `'password' in data`: whether a field was
 * sent, not whether it is right.
 */
function readsSubmittedValue(c: SyntaxNode): boolean {
  if (c.type === 'identifier' || c.type === 'attribute' || c.type === 'subscript') return true;
  const callee = callParts(c)?.callee;
  if (callee) return READ_CALL.test(callee.type === 'attribute' ? callee.field_('attribute')!.text : callee.text);
  if (c.type !== 'comparison_operator') return false;
  return c.namedChildren.some((o) => o.type === 'none' || stringValue(o) === '') || namesSentField(c);
}

/** `'password' in data`, `"pwd" not in request.form`: a field name looked for among the submitted keys. */
function namesSentField(c: SyntaxNode): boolean {
  const op = comparisonOperator(c);
  return (op === 'in' || op === 'not in') && stringValue(c.namedChildren[0]) !== undefined;
}

const BRANCHES = new WeakMap<SyntaxNode, Branch[]>();

/** The branches of every `if` in the view (nested definitions excluded), with the polarity under which each runs; kept per body node. */
function classify(body: SyntaxNode): Branch[] {
  const hit = BRANCHES.get(body);
  if (hit) return hit;
  const out: Branch[] = [];
  BRANCHES.set(body, out);
  const assigned = assignmentsByName(body.parent);
  let stmt: SyntaxNode;
  const add = (cond: SyntaxNode | undefined, positive: boolean, stmts: SyntaxNode[], otherwise?: SyntaxNode[]) => {
    if (!cond || !stmts.length) return;
    if (userMissing(cond, positive, assigned)) {
      if (!looksUpAgain(cond, stmts)) out.push({ stmt, body: stmts, kind: 'user-missing', cond, otherwise });
    } else if (passwordWrong(cond, positive, PASSWORD_CHECK, assigned)) out.push({ stmt, body: stmts, kind: 'password-wrong', cond, otherwise });
  };
  for (const n of ownNodes(body, ['if_statement'])) {
    stmt = n;
    const cond = n.field_('condition');
    const consequence = statements(n.field_('consequence'));
    add(cond, true, consequence);
    const alternatives = n.fields('alternative');
    // `if user: send(...); flash(A)` / `else: flash(B)` then one shared answer: the known user's path runs the `if` first.
    const known = cond && alternatives.length === 1 && userMissing(cond, false, assigned) ? knownUserPath(n, consequence) : undefined;
    for (const alt of alternatives) {
      if (alt.type === 'elif_clause') add(alt.field_('condition'), true, statements(alt.field_('consequence')), known);
      else if (alternatives.length === 1) add(cond, false, statements(alt.field_('body')), known);
      // The `else` of a chain runs only when every test failed: after `if check(...): ... elif <code matches>: ...` or
      // `if not user: ... elif check(...): ...`, a test that passes on the right password makes it the wrong-password branch.
      else {
        const check = [cond, ...alternatives.map((a) => a.field_('condition'))].find((c) => !!c && passwordWrong(c, false, PASSWORD_CHECK, assigned));
        if (check) out.push({ stmt, body: statements(alt.field_('body')), kind: 'password-wrong', cond: check });
      }
    }
    // `if user: ... return redirect(...)` then `return render_template(...)`: what follows runs when the test fails.
    if (!alternatives.length && alwaysAnswers(consequence)) {
      const rest = followingStatements(n);
      if (rest.length) add(cond, false, rest, consequence);
      else if (cond && userMissing(cond, false, assigned)) {
        // An unknown user leaves the `if` blocks around it too, for what follows them or the function's end.
        const after = continuation(n, body);
        if (after?.length) add(cond, false, after, consequence);
        else if (after) out.push({ stmt, body: [], kind: 'user-missing', cond, otherwise: consequence, fallsOff: true });
      }
    }
  }
  for (const attempt of ownNodes(body, ['try_statement'])) out.push(...exceptBranches(attempt, assigned));
  return out;
}

/**
 * `if not user: user = User.query.filter(User.email == login).first()`: a second lookup by another field (a student
 * number or an email) that tells the caller nothing; the request goes on to the tests that answer.
 */
function looksUpAgain(cond: SyntaxNode, stmts: SyntaxNode[]): boolean {
  if (answersOrAborts(stmts)) return false;
  const tested = new Set(cond.find('identifier').map((id) => id.text));
  return stmts.some((st) => {
    const target = st.type === 'expression_statement' && st.namedChildren[0]?.type === 'assignment' ? st.namedChildren[0].field_('left') : undefined;
    return target?.type === 'identifier' && tested.has(target.text);
  });
}

/**
 * What runs next when `stmt` finishes without answering: the statements after it, else those after the `if` or `with`
 * blocks it ends (`if request.method == 'POST': ... if user: ...` then `return render_template(...)`); none when the
 * function ends there; unknown inside a loop or a `try`.
 */
function continuation(stmt: SyntaxNode, body: SyntaxNode): SyntaxNode[] | undefined {
  for (let s = stmt; ; ) {
    const rest = followingStatements(s);
    if (rest.length) return rest;
    const block = s.parent;
    if (block === body) return [];
    let owner = block?.parent;
    if (owner?.type === 'elif_clause' || owner?.type === 'else_clause') owner = owner.parent;
    if (owner?.type !== 'if_statement' && owner?.type !== 'with_statement') return undefined;
    s = owner;
  }
}

/**
 * The unknown-user branch: one that answers, else the end an unknown user falls off, which is an answer of its own
 * (None: an empty 200 from Flask-RESTful, a server error from Flask) where the wrong-password branch refuses.
 */
function missingBranch(branches: Branch[], wrong: Branch | undefined): Branch | undefined {
  return branches.find((b) => b.kind === 'user-missing' && !b.fallsOff) ?? (wrong && refuses(wrong.body) ? branches.find((b) => b.fallsOff) : undefined);
}

/** The statements answer with a message or a 4xx/5xx status. */
function refuses(stmts: SyntaxNode[]): boolean {
  return answersOrAborts(stmts) && (messageStrings(stmts).length > 0 || statusCodes(stmts).some((s) => intValue(s)! >= 400));
}

/** What a found user gets from `if user: ...`: the branch, then what follows the `if` when the branch does not answer itself. */
function knownUserPath(stmt: SyntaxNode, consequence: SyntaxNode[]): SyntaxNode[] {
  return alwaysAnswers(consequence) ? consequence : [...consequence, ...followingStatements(stmt)];
}

/** Exceptions a failed account lookup raises (`.one()`, Django's `.get()`, `USERS[name]`). */
const NOT_FOUND_ERROR = /NoResultFound|DoesNotExist|NotFound|KeyError|LookupError|IndexError/;
/** Exceptions a project's auth service raises for each failure (`except UserNotFound:`, `except InvalidPassword:`). */
const USER_MISSING_ERROR = /(User|Account|Member|Customer)(NotFound|DoesNotExist|Missing)|NoSuchUser|UnknownUser/;
const PASSWORD_WRONG_ERROR = /(Invalid|Wrong|Bad|Incorrect)Password|Password(Mismatch|Incorrect|Invalid)/;

/**
 * `try: user = User.query.filter_by(email=e).one()` / `except NoResultFound: return 'No such user', 404`: the
 * `except` that answers is the unknown-user branch, as is one catching the service's `UserNotFound`; one catching
 * `InvalidPassword` is the wrong-password branch. An `except` that falls through decides nothing by itself.
 */
function exceptBranches(attempt: SyntaxNode, assigned: Assigned): Branch[] {
  const tried = statements(attempt.field_('body'));
  const lookup = tried.find((st) => accountLookup(st, assigned));
  const out: Branch[] = [];
  for (const clause of attempt.namedChildren) {
    if (clause.type !== 'except_clause') continue;
    const caught = clause.namedChildren.filter((c) => c.type !== 'block').map((c) => c.text).join(' ');
    const stmts = statements(clause.namedChildren.find((c) => c.type === 'block'));
    if (!stmts.length || !answersOrAborts(stmts)) continue;
    // A bare `except:` around a lookup that raises for nobody (`.one()`), and nothing else, can only mean the lookup failed.
    const missing = USER_MISSING_ERROR.test(caught) || (!!lookup && (NOT_FOUND_ERROR.test(caught) || (tried.length === 1 && RAISES_WHEN_MISSING.test(lookup.text) && /^(Exception)?$/.test(caught.replace(/\s+as\s+\w+$/, '')))));
    const kind = missing ? 'user-missing' : PASSWORD_WRONG_ERROR.test(caught) ? 'password-wrong' : undefined;
    if (kind) out.push({ stmt: attempt, body: stmts, kind, cond: clause, otherwise: lookup && [...tried.slice(tried.indexOf(lookup) + 1), ...followingStatements(attempt)] });
  }
  return out;
}

/** `user = User.query...one()`, `account = USERS[name]`: a statement that loads the account into a name. */
function accountLookup(stmt: SyntaxNode, assigned: Assigned): boolean {
  const a = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
  const target = a?.type === 'assignment' ? a.field_('left') : undefined;
  const value = unwrap(a?.field_('right'));
  if (target?.type !== 'identifier' || !value || !ACCOUNT_NAME.test(target.text) || readsRequest(value, assigned)) return false;
  if (value.type === 'subscript') return isAccountTable(value.field_('value')!);
  // `.first()` answers None for nobody: its `except` is about the database, not the account.
  const callee = callParts(value)?.callee;
  return isLookup(value, NOTHING_ASSIGNED) && !RETURNS_NONE.test(callee?.type === 'attribute' ? callee.field_('attribute')!.text : callee?.text ?? '');
}

/** `.one()`, `.scalar_one()`, Django's `objects.get(...)`, `USERS[name]`: lookups that raise when nobody matches. */
const RAISES_WHEN_MISSING = /\.(one|scalar_one)\(\)\s*$|\.objects\.get\(|\]\s*$/;
/** Lookups that return None rather than raise when nobody matches. */
const RETURNS_NONE = /^(first|one_or_none|scalar|scalar_one_or_none|fetchone|get_or_none)$/;

/** The statements answer the request, by a `return`, a `raise` or `abort(...)`. */
function answersOrAborts(stmts: SyntaxNode[]): boolean {
  return alwaysAnswers(stmts) || stmts.some((st) => st.type === 'raise_statement' || (st.type === 'expression_statement' && lastName(callParts(st.namedChildren[0])?.name) === 'abort'));
}

/** `self.user`: what a form's `validate` keeps the looked-up account in, read like a local name. */
function isSelfAttribute(n: SyntaxNode | undefined): boolean {
  return n?.type === 'attribute' && n.field_('object')?.text === 'self';
}

/**
 * `user = User.query.filter_by(...).first_or_404()`: unknown users get Flask's 404 before any test runs, which
 * differs from the wrong-password answer unless that is a bare 404 too (the page `*_or_404` shows).
 */
function abortingLookup(route: Route, body: SyntaxNode, wrong: Branch): string | undefined {
  const lookup = lookupThatAborts(body, wrong);
  if (!lookup || (!messageStrings(wrong.body).length && statusCodes(wrong.body).every((s) => s.text === '404'))) return undefined;
  return `\`${route.view.qualname}\` answers 404 (from \`${lookup}()\`) for unknown users and ${summary(wrong.body)} for wrong passwords, so anyone can test which accounts exist; look the user up with \`first()\` and answer both failures with one generic response`;
}

/** The `*_or_404` method that loads the account the password test reads (not any other record the view loads). */
function lookupThatAborts(body: SyntaxNode, wrong: Branch): string | undefined {
  for (const [name, values] of assignmentsByName(body.parent)) {
    if (!wrong.cond.find('identifier').some((id) => id.text === name)) continue;
    for (const { value } of values) {
      const callee = callParts(unwrap(value))?.callee;
      const method = callee?.type === 'attribute' ? callee.field_('attribute')!.text : callee?.text;
      if (method && /_or_404$/.test(method)) return method;
    }
  }
  return undefined;
}

/** Is this call a log or audit line, which the client never sees? */
function writesLog(n: SyntaxNode): boolean {
  const parts = callParts(n);
  return !!parts && (isLoggingCall(n) || AUDIT_CALL.test(lastName(parts.name) ?? ''));
}

/** Message strings in a branch: flash/return/jsonify values and error variables, not template or endpoint names nor log lines. */
function messageStrings(stmts: SyntaxNode[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const s of stmts) {
    s.walk((n) => {
      // A string compared with (`request.method == 'POST'`) is tested, never shown.
      if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'comparison_operator' || (n.type === 'call' && writesLog(n))) return false;
      if (n.type !== 'string' || stringValue(n) === undefined) return undefined;
      const parent = n.parent;
      if (parent?.type === 'argument_list') {
        const call = callParts(parent.parent ?? undefined);
        if (call && NOT_MESSAGE_CALLS.test(lastName(call.name) ?? '') && call.positional[0] === n) return false;
      }
      // A string standing alone as a statement is a comment (`"""unknown id"""`), shown to no one.
      if (parent?.type === 'subscript' || parent?.type === 'expression_statement' || (parent?.type === 'pair' && n.field === 'key')) return false;
      out.push(n);
      return false;
    });
  }
  return out;
}

/** Status codes a branch answers with: `return x, 404`, `abort(404)`, `status=404`. */
function statusCodes(stmts: SyntaxNode[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const s of stmts) {
    s.walk((n) => {
      if (n.type !== 'integer') return undefined;
      const v = intValue(n);
      if (v === undefined || v < 200 || v > 599) return undefined;
      const p = n.parent;
      const call = p?.type === 'argument_list' ? callParts(p.parent ?? undefined) : undefined;
      if (p?.type === 'expression_list' || p?.type === 'tuple' || (call && lastName(call.name) === 'abort') || (p?.type === 'keyword_argument' && /status/.test(p.field_('name')?.text ?? ''))) out.push(n);
      return undefined;
    });
  }
  return out;
}

/** What a failure tells the client: its messages and status codes. */
interface Answer {
  messages: string[];
  statuses: string[];
}

function answerOf(stmts: SyntaxNode[]): Answer {
  return { messages: messageStrings(stmts).map((s) => stringValue(s)!), statuses: statusCodes(stmts).map((s) => s.text) };
}

function signature(a: Answer): string {
  return JSON.stringify([[...a.messages].sort(), [...a.statuses].sort()]);
}

/** The answer, naming the message and status that differ from those of `other` when there are such; "with no message" when it has neither. */
function describe(mine: Answer, other: Answer): string {
  const pick = (ours: string[], theirs: string[]) => ours.find((x) => !theirs.includes(x)) ?? ours[0];
  const msg = pick(mine.messages, other.messages);
  const status = pick(mine.statuses, other.statuses);
  // A message may end in a newline (`'No such user\n'`): the finding is one line.
  return [msg && `'${msg.trim()}'`, status && `(${status})`].filter(Boolean).join(' ') || 'with no message';
}

function summary(stmts: SyntaxNode[], other: SyntaxNode[] = []): string {
  return describe(answerOf(stmts), answerOf(other));
}

/** How the two answers differ, named each from the other's side; undefined when they read the same. */
function contrastAnswers(a: Answer, b: Answer): [string, string] | undefined {
  if (signature(a) === signature(b)) return undefined;
  const pair: [string, string] = [describe(a, b), describe(b, a)];
  return pair[0] === pair[1] ? undefined : pair;
}

function contrast(a: SyntaxNode[], b: SyntaxNode[]): [string, string] | undefined {
  return contrastAnswers(answerOf(a), answerOf(b));
}

type ProjectClass = { file: IndexedFile; fact: ClassFact };

/** The project exception class a branch raises: `raise UnknownUser`, `raise BadPassword()`. */
function raisedClass(ctx: RuleContext, file: IndexedFile, scope: FunctionFact, stmts: SyntaxNode[]): ProjectClass | undefined {
  const raised = unwrap(stmts.find((st) => st.type === 'raise_statement')?.namedChildren[0]);
  const name = dottedName(raised?.type === 'call' ? raised.field_('function') : raised);
  const b = name ? ctx.workspace.resolveDotted(file, name, scope) : undefined;
  return b?.kind === 'class' ? { file: b.file, fact: b.fact } : undefined;
}

/** What the class itself sets for the client: its strings (docstrings aside) and its 4xx/5xx codes, in its body and methods. */
function classAnswer(cls: ClassFact): Answer {
  const own = (body: SyntaxNode | undefined) => statements(body).filter((st) => !(st.type === 'expression_statement' && st.namedChildren[0]?.type === 'string'));
  const stmts = [...own(cls.node.field_('body')), ...cls.methods.flatMap((m) => own(m.node.field_('body')))];
  const statuses = cls.node.find('integer').map((n) => intValue(n)).filter((v): v is number => v !== undefined && v >= 400 && v < 600);
  return { messages: messageStrings(stmts).map((n) => stringValue(n)!), statuses: statuses.map(String) };
}

/** The class, or a base of it in the project, is rendered by an error handler (`@app.errorhandler(AuthError)`). */
function rendered(ctx: RuleContext, cls: ProjectClass, depth = 3): boolean {
  const handler = new RegExp(`(errorhandler|register_error_handler)\\(\\s*([\\w.]+\\.)?${cls.fact.name}\\b`);
  if ([...ctx.workspace.all()].some((f) => f.source.text.includes(cls.fact.name) && handler.test(f.source.text))) return true;
  return depth > 0 && cls.fact.bases.some((base) => {
    const b = ctx.workspace.resolveDotted(cls.file, base, cls.fact.enclosing);
    return b?.kind === 'class' && rendered(ctx, { file: b.file, fact: b.fact }, depth - 1);
  });
}

/**
 * `raise UnknownUser` and `raise BadPassword`: two project exception classes, each setting its own message or status,
 * that an error handler turns into the response.
 */
function raisedFailures(ctx: RuleContext, route: Route, missing: Branch, wrong: Branch): LoginFailures | undefined {
  const classes = [missing, wrong].map((b) => raisedClass(ctx, route.file, route.view, b.body));
  const [a, b] = classes;
  if (!a || !b || a.fact === b.fact || !classes.every((c) => rendered(ctx, c!))) return undefined;
  const answer = (branch: Branch, cls: ProjectClass) => {
    const inline = answerOf(branch.body);
    const set = classAnswer(cls.fact);
    return { messages: [...inline.messages, ...set.messages], statuses: [...inline.statuses, ...set.statuses] };
  };
  const answers = contrastAnswers(answer(missing, a), answer(wrong, b));
  return answers && { file: route.file, missing, wrong, answers, decidedBy: `raised as \`${a.fact.name}\` and \`${b.fact.name}\`` };
}

/**
 * `/reset/<token>`: after the account is found, the view tests the token from the link (or a password); a caller
 * without a valid one gets that test's failure answer, so that, not the success page, is what an unknown address must match.
 */
function failedSecretCheck(route: Route, normal: SyntaxNode[]): SyntaxNode[] | undefined {
  const params = [...route.rule.matchAll(/<(?:[^:>]+:)?(\w+)>/g)].map((m) => m[1]!);
  const secret = new RegExp([PASSWORD_CHECK.source, ...params.map((p) => `\\b${p}\\b`)].join('|'), 'i');
  for (const n of normal.flatMap((s) => (s.type === 'if_statement' ? [s] : ownNodes(s, ['if_statement'])))) {
    const cond = n.field_('condition')!;
    if (passwordWrong(cond, true, secret)) return statements(n.field_('consequence'));
    const alternatives = n.fields('alternative');
    const otherwise = alternatives.length === 1 && alternatives[0]!.type === 'else_clause' ? statements(alternatives[0]!.field_('body')) : followingStatements(n);
    if (passwordWrong(cond, false, secret) && otherwise.length) return otherwise;
  }
  return undefined;
}

/** The statements after `stmt` in its block. */
function followingStatements(stmt: SyntaxNode): SyntaxNode[] {
  const siblings = statements(stmt.parent ?? undefined);
  return siblings.slice(siblings.indexOf(stmt) + 1);
}

/** What the handler does when the user exists: the `if user:` block the unknown-user path skips, else the statements after the unknown-user test. */
function normalPath(branch: Branch): SyntaxNode[] {
  return branch.otherwise ?? followingStatements(branch.stmt);
}

/** The statements answer: one is a `return`, or they end in an `if` whose branches (an `else` among them) all answer. */
function alwaysAnswers(stmts: SyntaxNode[]): boolean {
  if (stmts.some((s) => s.type === 'return_statement')) return true;
  const last = stmts[stmts.length - 1];
  if (last?.type !== 'if_statement') return false;
  const alternatives = last.fields('alternative');
  if (!alternatives.some((a) => a.type === 'else_clause')) return false;
  return [last.field_('consequence'), ...alternatives.map((a) => a.field_(a.type === 'elif_clause' ? 'consequence' : 'body'))].every((block) => alwaysAnswers(statements(block ?? undefined)));
}

/** The branches where a failure is decided, in `file`: the view's own, or its form's `validate`. */
interface LoginFailures {
  file: IndexedFile;
  missing: Branch;
  wrong: Branch;
  answers: [string, string];
  /** Where the answers are decided when not in the view: "errors set by `LoginForm.validate`". */
  decidedBy?: string;
}

function loginFailures(file: IndexedFile, body: SyntaxNode, decidedBy?: string): LoginFailures | undefined {
  const branches = classify(body);
  const wrong = branches.find((b) => b.kind === 'password-wrong');
  const missing = missingBranch(branches, wrong);
  const answers = missing && wrong && contrast(missing.body, wrong.body);
  if (!answers) return undefined;
  if (missing!.fallsOff) answers[0] = 'nothing (the handler ends without a return)';
  return { file, missing: missing!, wrong: wrong!, answers, ...(decidedBy && { decidedBy }) };
}

/**
 * `form = LoginForm()` where the project's form class looks the user up and checks the password in its `validate`
 * (cookiecutter-flask's pattern): the errors that method sets are the view's failure answers.
 */
function formFailures(ctx: RuleContext, route: Route): LoginFailures | undefined {
  for (const form of projectClasses(ctx, route)) {
    const validate = form.fact.methods.find((m) => m.name === 'validate');
    const found = validate && loginFailures(form.file, validate.node.field_('body')!, `errors set by \`${validate.qualname}\``);
    if (found) return found;
  }
  return undefined;
}

/** The project classes the view instantiates (`form = RequestResetForm()`), with their files. */
function projectClasses(ctx: RuleContext, route: Route): { file: IndexedFile; fact: ClassFact }[] {
  const out: { file: IndexedFile; fact: ClassFact }[] = [];
  for (const call of ownNodes(route.view.node.field_('body'), ['call'])) {
    const name = callParts(call)?.name;
    const b = name ? ctx.workspace.resolveDotted(route.file, name, route.view) : undefined;
    if (b?.kind === 'class') out.push({ file: b.file, fact: b.fact });
  }
  return out;
}

/**
 * Corey Schafer's reset form: `validate_email` raises "There is no account with that email" when the lookup finds
 * nobody, and WTForms shows that error on the page, where a known address gets "An email has been sent".
 */
function formRejectsUnknown(ctx: RuleContext, route: Route): { message: string; by: string } | undefined {
  for (const form of projectClasses(ctx, route)) {
    for (const m of form.fact.methods) {
      if (!/^validate(_\w+)?$/.test(m.name)) continue;
      const missing = classify(m.node.field_('body')!).find((b) => b.kind === 'user-missing' && b.body.some((st) => st.type === 'raise_statement'));
      const message = missing && messageStrings(missing.body)[0];
      if (message) return { message: stringValue(message)!.trim(), by: m.qualname };
    }
  }
  return undefined;
}

/**
 * A service function the view calls inside `try` (`authenticate(username, password)`) raises a different message for
 * each failure, and the view's `except ... as e` hands the exception to the client (`flash(str(e))`).
 */
function serviceFailures(ctx: RuleContext, route: Route): LoginFailures | undefined {
  for (const attempt of ownNodes(route.view.node.field_('body'), ['try_statement'])) {
    if (!surfacesException(attempt)) continue;
    for (const call of ownNodes(attempt.field_('body'), ['call'])) {
      const name = callParts(call)?.name;
      const b = name ? ctx.workspace.resolveDotted(route.file, name, route.view) : undefined;
      if (b?.kind !== 'function') continue;
      const found = loginFailures(b.file, b.fact.node.field_('body')!, `messages raised by \`${b.fact.qualname}\``);
      if (found && [found.missing, found.wrong].every((f) => f.body.some((st) => st.type === 'raise_statement'))) return found;
    }
  }
  return undefined;
}

/** `return accounts.login_check()`: the function the view hands the request to decides both failures and answers them. */
function delegateFailures(ctx: RuleContext, route: Route): LoginFailures | undefined {
  for (const h of returnedHelpers(route, ctx.workspace)) {
    const found = loginFailures(h.file, h.fact.node.field_('body')!, `answers of \`${h.fact.qualname}\``);
    if (found) return found;
  }
  return undefined;
}

/** `@validate_login` whose wrapper looks the user up and checks the password before the view issues the token. */
function decoratorFailures(ctx: RuleContext, route: Route): LoginFailures | undefined {
  for (const d of route.decorators) {
    const b = projectDecorator(d, ctx.workspace);
    if (!b) continue;
    for (const fn of b.fact.node.find('function_definition')) {
      const found = loginFailures(b.file, fn.field_('body')!, `answers of \`@${b.fact.name}\``);
      if (found) return found;
    }
  }
  return undefined;
}

/** An `except X as e:` of this `try` whose body uses `e` outside log lines: the exception's message reaches the client. */
function surfacesException(attempt: SyntaxNode): boolean {
  return attempt.namedChildren.some((clause) => {
    if (clause.type !== 'except_clause') return false;
    const alias = clause.namedChildren.find((c) => c.type === 'as_pattern');
    const name = alias && (alias.field_('alias') ?? alias.namedChildren[1])?.text;
    const body = clause.namedChildren.find((c) => c.type === 'block');
    if (!name || !body) return false;
    let used = false;
    body.walk((n) => {
      if (n.type === 'call' && writesLog(n)) return false;
      if (n.type === 'identifier' && n.text === name) used = true;
      return used ? false : undefined;
    });
    return used;
  });
}

function reportLoginFailures(ctx: RuleContext, route: Route, f: LoginFailures): void {
  const fix = genericLoginFix(route, f.file, f.missing, f.wrong);
  const where = f.decidedBy ? ` (${f.decidedBy})` : '';
  ctx.report(route.file, route.reportNode, `\`${route.view.qualname}\` answers ${f.answers[0]} for unknown users and ${f.answers[1]} for wrong passwords${where}, so anyone can test which accounts exist; answer both with one generic failure`, {
    fixes: fix ? [fix] : [],
  });
}

function genericLoginFix(route: Route, file: IndexedFile, missing: Branch, wrong: Branch): Fix | undefined {
  // Nothing to rewrite where an unknown user falls off the end: the missing answer is for the author to write.
  if (missing.fallsOff) return undefined;
  const generic = /email/i.test(route.view.node.text) ? 'Invalid email or password' : 'Invalid username or password';
  const edits: Fix['edits'] = [];
  for (const b of [missing, wrong]) {
    for (const s of messageStrings(b.body)) {
      const quote = s.text.match(/^[rbuf]*('''|"""|'|")/i)?.[1] ?? "'";
      edits.push({ kind: 'replace', file: file.path, start: s.start, end: s.end, text: `${quote}${generic}${quote}` });
    }
  }
  const wrongStatus = statusCodes(wrong.body)[0];
  if (wrongStatus) for (const s of statusCodes(missing.body)) edits.push({ kind: 'replace', file: file.path, start: s.start, end: s.end, text: wrongStatus.text });
  return edits.length ? { title: `Answer both failures with '${generic}'`, applicability: 'unsafe', edits } : undefined;
}

export default defineRule({
  meta: {
    code: 'FG308',
    name: 'user-enumeration',
    family: 'session-and-design',
    severity: 'warning',
    cwe: [204, 203],
    summary: 'A login or password-reset handler answers differently for "no such user" and "wrong password".',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Answer every failure the same way' },
    docs: {
      whatItDoes:
        'In login and password-reset views, compares the branch taken when the looked-up user does not exist (`if user is ' +
        'None`, `if not user`, `if rows == ()` after `fetchall()`, the `else` of `if user:`, `if not User.exists(email)` or another true/false predicate named for an account\'s existence, not a file\'s) with the branch taken when the password is wrong (`if not ' +
        'check_password_hash(...)`, or `if not ok` after `ok = check_password_hash(...)`). Different messages (returned, flashed, or put in an error variable; log and audit lines are ' +
        'not answers) or different status ' +
        'codes are reported on the view, also where a project function the view returns (`return accounts.login_check()`) decides them; so are two project exception classes raised for the two failures (`raise UnknownUser` ' +
        'vs `raise BadPassword`) when an error handler renders them and each sets its own message or status. A test of whether any ' +
        'account exists at all (`Admin.query.first()` in a single-admin app) is no unknown-user branch, nor is a read of the session (`session.get(\'loggedin\')`). An account loaded with `first_or_404()` (or `get_or_404()`) answers unknown users with ' +
        'a 404 before any test, which is compared the same way. A test that a field was sent (`if not password`, `if not request.form.get(\'email\')`, `if \'password\' in data`) and a rate ' +
        'limit\'s answer are neither of the two branches. For reset requests, the unknown-user branch is compared with the ' +
        'normal answer, or, when the view then tests the token from the link (`/reset/<token>`), with the answer to a bad token; a record looked up ' +
        'by the id a verified token carries (`pid = Project.verify_token(token)`, then `Project.query.get(pid)`), or by the token itself (`filter_by(reset_token=token)`), or by an address an earlier step kept in the session (`session[\'reset_email\']`), is no address the caller chose. ' +
        'Where `if user:` answers and ends the handler, an unknown user falls off its end (None: an empty 200 from Flask-RESTful, a server error from Flask), ' +
        'which is compared with a wrong-password branch that refuses; where it answers inside other `if` blocks, an unknown user gets what follows them (`return render_template(...)`). ' +
        'The `else` of a chain is the password check\'s failure wherever in the chain that check stands: `if not user: ... elif check_password_hash(...): ... else: ...`, or with `elif`s after it (a one-time code that also signs in). One combined test (`if user is None or not check_password_hash(...)`) is the clean form.',
      whyIsThisBad:
        '"No account with that email" versus "Incorrect password" tells anyone which addresses have accounts. Attackers use ' +
        'that list for targeted password guessing, phishing and credential stuffing, and it reveals who uses the service.',
      example: [
        'from flask import Flask, request',
        'from werkzeug.security import check_password_hash',
        '',
        'from models import User',
        '',
        'app = Flask(__name__)',
        '',
        '',
        "@app.post('/login')",
        'def login():',
        "    user = User.query.filter_by(email=request.form['email']).first()",
        '    if user is None:',
        "        return 'No account with that email', 404",
        "    if not check_password_hash(user.password_hash, request.form['password']):",
        "        return 'Incorrect password', 401",
        "    return 'ok'",
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask, request',
        'from werkzeug.security import check_password_hash',
        '',
        'from models import User',
        '',
        'app = Flask(__name__)',
        '',
        '',
        "@app.post('/login')",
        'def login():',
        "    user = User.query.filter_by(email=request.form['email']).first()",
        "    if user is None or not check_password_hash(user.password_hash, request.form['password']):",
        "        return 'Invalid email or password', 401",
        "    return 'ok'",
        '',
      ].join('\n'),
      files: { 'models.py': 'class User:\n    pass\n' },
      fixSafety:
        'Unsafe: the fix puts one generic message ("Invalid email or password") in both failure branches and gives the ' +
        'unknown-user branch the wrong-password status, which clients and tests may check. Response timing can still differ; ' +
        'hash a dummy password when the user does not exist.',
      references: ['https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-and-error-messages'],
    },
  },
  checkProject(ctx) {
    for (const route of ctx.model.routes) {
      const login = isLoginRoute(route, ctx);
      if (!login && !isResetRoute(route, ctx.model)) continue;
      const body = route.view.node.field_('body')!;
      const branches = classify(body);
      const wrong = login ? branches.find((b) => b.kind === 'password-wrong') : undefined;
      const missing = missingBranch(branches, wrong);
      if (!missing) {
        const message = wrong && abortingLookup(route, body, wrong);
        if (message) ctx.report(route.file, route.reportNode, message);
        // Neither failure is decided in the view: its form or a service it calls may decide both.
        const byForm = login && !wrong ? formFailures(ctx, route) ?? serviceFailures(ctx, route) ?? decoratorFailures(ctx, route) ?? delegateFailures(ctx, route) : undefined;
        if (byForm) reportLoginFailures(ctx, route, byForm);
        const rejected = !login ? formRejectsUnknown(ctx, route) : undefined;
        if (rejected) ctx.report(route.file, route.reportNode, `\`${route.view.qualname}\` answers '${rejected.message}' (raised by \`${rejected.by}\`) for unknown addresses and its normal answer otherwise, so anyone can test which accounts exist; give the same answer in both cases`);
        continue;
      }
      if (login) {
        const own = loginFailures(route.file, body) ?? (wrong && raisedFailures(ctx, route, missing, wrong));
        if (own) reportLoginFailures(ctx, route, own);
      } else {
        const normal = normalPath(missing);
        const expected = failedSecretCheck(route, normal) ?? normal;
        const answers = contrast(missing.body, expected);
        if (!alwaysAnswers(expected) || !answers) continue;
        const exit = missing.body.length === 1 && missing.body[0]!.type === 'return_statement' ? missing.body[0] : undefined;
        const answer = expected[expected.length - 1]!;
        ctx.report(route.file, route.reportNode, `\`${route.view.qualname}\` answers ${answers[0]} for unknown addresses and ${answers[1]} otherwise, so anyone can test which accounts exist; give the same answer in both cases`, {
          fixes: exit && answer.type === 'return_statement' && !messageStrings(expected.slice(0, -1)).length ? [{ title: 'Give unknown addresses the normal answer', applicability: 'unsafe', edits: [{ kind: 'replace', file: route.file.path, start: exit.start, end: exit.end, text: answer.text }] }] : [],
        });
      }
    }
  },
});
