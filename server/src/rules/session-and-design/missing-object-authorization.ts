import { containsRejection, isRejection } from '../../analysis/auth';
import { ownNodes } from '../../analysis/body';
import { isLoggingCall } from '../../analysis/dataflow';
import type { FlaskModel, Route } from '../../analysis/flask-model';
import { isUserModel, modelOf, mongoCollectionOwned, ownerColumn, ownershipColumns, parentModels, type ModelClass } from '../../analysis/models';
import { authorizes, boundToCaller, guardedByPredicate, isCallerExpression, isIdColumnOf, isIdName, isModelIdName, isUsed, namesModel, onlyRead, pathParams, refusesUnless, returnsCaller, returnsCallerRole, testsRole, viewOwnership, type Fetch, type ViewOwnership } from '../../analysis/ownership';
import type { FunctionFact } from '../../analysis/facts';
import { callParts, decoratorExpression, dottedName, lastName, statements, stringValue, unwrap, type CallParts } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile } from '../../analysis/workspace';
import { ensureImport } from '../../fixes/imports';
import { statementOf } from '../../fixes/statements';
import type { FileEdit, Fix, RuleContext } from '../types';
import { defineRule } from '../types';

/** Decorator names that check a role, a permission or ownership. */
const AUTHORIZATION_DECORATOR = /admin|owner|role|permission|staff|superuser|scope|privilege|access/i;
/** Helper names that check access to a record they are given. */
const CHECK_HELPER = /owner|owns|permission|authori[sz]e|can_|may_|access|allowed|policy|ensure|require|assert|verify|check/i;

/**
 * The URL parameters a role or ownership check before the view covers: all of them for a role decorator or guard,
 * or a hook that tests roles; only those it reads from the view's arguments for a project decorator that picks
 * them out (`kwargs.get('user_id')`). Undefined when nothing checks.
 */
function checkedBeforeView(ctx: RuleContext, model: FlaskModel, route: Route): ReadonlySet<string> | 'all' | undefined {
  const covered = new Set<string>();
  for (const d of route.decorators) {
    if (d.role !== 'authorization' && !authorizingDecorator(ctx, d.file, d.expr, d.scope)) continue;
    const params = d.role === 'authorization' ? undefined : paramsReadByDecorator(ctx, d.file, d.expr, d.scope);
    if (!params) return 'all';
    for (const p of params) covered.add(p);
  }
  // `@bp.before_request @login_required @permission_required('ROLES', 'VIEW') def gate(): ...`
  const hooked = model.hooksFor(route).some(
    (h) => h.guard.enforces && (authorizes(h.fn.node) || h.fn.decorators.some((d) => { const expr = decoratorExpression(d); return !!expr && authorizingDecorator(ctx, h.file, expr, h.fn.enclosing); })),
  );
  return hooked ? 'all' : covered.size ? covered : undefined;
}

/**
 * `user_id = kwargs.get('user_id')` in a project decorator's wrapper: its ownership check is about the record that
 * parameter names, not the others of the URL (`/<int:user_id>/bookings/<int:booking_id>`).
 */
function paramsReadByDecorator(ctx: RuleContext, file: IndexedFile, expr: SyntaxNode, scope: FunctionFact | undefined): ReadonlySet<string> | undefined {
  const b = ctx.workspace.resolveDotted(file, dottedName(callParts(expr)?.callee ?? expr) ?? '', scope);
  if (b?.kind !== 'function') return undefined;
  const def = b.fact.node;
  const splats = new Set(def.find('dictionary_splat_pattern').map((p) => p.namedChildren[0]?.text));
  const read = (object: SyntaxNode | null | undefined, key: SyntaxNode | undefined) => (object && splats.has(object.text) ? stringValue(key) : undefined);
  const keys = new Set<string>();
  for (const n of def.find('call', 'subscript')) {
    const callee = n.type === 'call' ? n.field_('function') : undefined;
    const key =
      callee?.type === 'attribute' && callee.field_('attribute')!.text === 'get'
        ? read(callee.field_('object'), callParts(n)!.positional[0])
        : n.type === 'subscript' ? read(n.field_('value'), n.field_('subscript')) : undefined;
    if (key) keys.add(key);
  }
  return keys.size ? keys : undefined;
}

function authorizingDecorator(ctx: RuleContext, file: IndexedFile, expr: SyntaxNode, scope: FunctionFact | undefined, hops = 2): boolean {
  const name = dottedName(callParts(expr)?.callee ?? expr) ?? '';
  // The decorator's own name, not its object's: `@admin_ns.doc(...)` documents a RESTX namespace named for admins.
  if (AUTHORIZATION_DECORATOR.test(lastName(name) ?? '') || asksForRole(expr)) return true;
  const b = ctx.workspace.resolveDotted(file, name, scope);
  // `staff = roles_accepted('admin', 'teacher')` then `@staff`: a role decorator bound to a name.
  if (b?.kind === 'value' && b.fact.value && hops > 0) return authorizingDecorator(ctx, b.file, b.fact.value, undefined, hops - 1);
  return b?.kind === 'function' && authorizes(b.fact.node);
}

/**
 * `controller.admin_delete_user(user_id)` of a method under `@admin_required`: the record is fetched inside a workspace
 * function whose own role decorator checks the caller first, as the view's would.
 */
function calleeAuthorizes(ctx: RuleContext, route: Route, at: SyntaxNode): boolean {
  const name = callParts(at)?.name;
  const b = name ? ctx.workspace.resolveDotted(route.file, name, route.view) : undefined;
  return b?.kind === 'function' && b.fact.decorators.some((d) => {
    const expr = decoratorExpression(d);
    return !!expr && (ctx.model.decoratorUse(b.file, expr, b.fact.enclosing).role === 'authorization' || authorizingDecorator(ctx, b.file, expr, b.fact.enclosing));
  });
}

/** Flask-HTTPAuth's `@auth.login_required(role='admin')`: whatever the decorator is called, it checks the caller's role. */
function asksForRole(expr: SyntaxNode): boolean {
  const role = callParts(expr)?.keywords.get('role');
  return !!role && role.type !== 'none';
}

/**
 * A role or ownership helper called as a statement of the view: `require_admin()` that aborts or raises
 * itself, or `error = require_superadmin()` that the view returns when set (`if error: return error`).
 */
function checkedByHelper(ctx: RuleContext, route: Route): boolean {
  const stmts = statements(route.view.node.field_('body'));
  return stmts.some((stmt, i) => {
    const expr = unwrap(stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined);
    const result = expr?.type === 'assignment' ? unwrap(expr.field_('left')) : undefined;
    const parts = callParts(result ? expr!.field_('right') : expr);
    if (!parts?.name || (result && result.type !== 'identifier')) return false;
    const b = ctx.workspace.resolveDotted(route.file, parts.name, route.view);
    if (b?.kind !== 'function' || !authorizes(b.fact.node)) return false;
    const body = b.fact.node.field_('body');
    // A refusal the helper returns stops the request only where the view returns it in turn.
    if (!result) return ownNodes(body, ['raise_statement', 'expression_statement']).some((s) => isRejection(s));
    return containsRejection(body) && stmts.slice(i + 1).some((s) => returnsWhenSet(s, result.text));
  });
}

/**
 * `if not is_clerk(): return {...}, 403`: the view refuses unless a project predicate says yes, and the predicate
 * answers with the caller's role (whatever role it is named for) or tests roles or ownership itself. Resolved, so
 * `is_valid(note_id)` or `is_json()` is no role check.
 */
function checkedByPredicateHelper(ctx: RuleContext, route: Route): boolean {
  return refusesUnless(route.view.node, (call) => {
    const name = callParts(call)?.name;
    const b = name ? ctx.workspace.resolveDotted(route.file, name, route.view) : undefined;
    return b?.kind === 'function' && (returnsCallerRole(b.fact.node) || authorizes(b.fact.node));
  });
}

/** `if error: return error` (or `if error is not None:`). */
function returnsWhenSet(stmt: SyntaxNode, name: string): boolean {
  const cond = stmt.type === 'if_statement' ? stmt.field_('condition')?.text : undefined;
  if (cond !== name && cond !== `${name} is not None`) return false;
  return statements(stmt.field_('consequence')).some((s) => s.type === 'return_statement' && unwrap(s.namedChildren[0])?.text === name);
}

interface Unchecked {
  fetch: Fetch;
  /** Where the finding goes: the fetch, or the view's call to the helper that fetches. */
  at: Route['view']['node'];
  /** Where the fetch is written (the view's file, or the helper's), to resolve its model there. */
  where: ModelScope;
}

interface ModelScope {
  file: IndexedFile;
  scope: FunctionFact | undefined;
}

/** Fetches by a URL id that nothing scopes or checks, in the view or in a helper it hands the id to. */
function uncheckedFetches(ctx: RuleContext, route: Route, params: string[]): Unchecked[] {
  const own = ownershipOfView(ctx, route, params);
  if (own.checked || guardedByPredicate(route.view.node)) return [];
  const inView: ModelScope = { file: route.file, scope: route.view };
  const isCaller = callerArgument(ctx, route);
  const out: Unchecked[] = own.fetches.filter((f) => unguarded(own, f) && isUsed(f)).map((fetch) => ({ fetch, at: fetch.node, where: inView }));
  for (const h of own.handOffs) {
    const b = ctx.workspace.resolveDotted(route.file, h.name, route.view);
    if (b?.kind !== 'function') {
      if (CHECK_HELPER.test(h.name)) return [];
      continue;
    }
    // The helper's own parameters that receive our id or record.
    const parts = callParts(h.call)!;
    const helperParams = b.fact.params.filter((p) => p !== 'self' && p !== 'cls');
    const received = helperParams.filter((_, i) => parts.positional[i] && parts.positional[i]!.text.includes(h.param));
    const inner = viewOwnership(b.fact.node, received, callerParams(helperParams, parts, isCaller));
    // `audit_access(invoice)` that only logs a stranger's read, or a predicate whose answer the view drops, stops no one.
    if (inertCheck(h.call, b.fact.node)) continue;
    // A role read that only trims what the helper shows guards neither its fetch nor the view's.
    const checked = inner.guarded || guardedByPredicate(b.fact.node);
    // `get_post(id, check_author=False)` turns the helper's check off.
    const disabled = [...parts.keywords].some(([k, v]) => v.type === 'false' && checked && b.fact.node.field_('body')!.text.includes(k));
    if (checked && !disabled) return [];
    if (CHECK_HELPER.test(h.name) && !inner.fetches.length) return [];
    const fetched = inner.fetches.find((f) => unguarded(inner, f));
    if (fetched && isUsedByView(h.call)) out.push({ fetch: { ...fetched, param: h.param }, at: h.call, where: { file: b.file, scope: b.fact } });
  }
  return out;
}

/**
 * What the view fetches and checks, counting as the caller the names it binds to a project helper that returns the
 * caller (`user_id = select_userid_jwt(self)`). Helpers are resolved only for a view with an unguarded fetch.
 */
function ownershipOfView(ctx: RuleContext, route: Route, params: string[]): ViewOwnership {
  const own = viewOwnership(route.view.node, params);
  if (!own.fetches.some((f) => unguarded(own, f))) return own;
  const callers = callerHelperNames(ctx, route);
  return callers.length ? viewOwnership(route.view.node, params, callers) : own;
}

function callerHelperNames(ctx: RuleContext, route: Route): string[] {
  return ownNodes(route.view.node.field_('body'), ['assignment']).flatMap((a) => {
    const left = a.field_('left');
    const name = callParts(unwrap(a.field_('right')))?.name;
    const b = left?.type === 'identifier' && name ? ctx.workspace.resolveDotted(route.file, name, route.view) : undefined;
    return b?.kind === 'function' && returnsCaller(b.fact.node) ? [left!.text] : [];
  });
}

/** The view calls the helper for its effect (a statement), and it has none but log lines: no raise, no other call. */
function inertCheck(call: SyntaxNode, helper: SyntaxNode): boolean {
  const body = helper.field_('body');
  const logs = (c: SyntaxNode) => isLoggingCall(c) || isLoggingCall(c.ancestor('call'));
  return !isUsedByView(call) && !ownNodes(body, ['raise_statement']).length && ownNodes(body, ['call']).every(logs);
}

/** Nothing keeps the fetch to the caller's records: no scope, no membership of the caller vouching for the id, not only a read of a published record. */
function unguarded(own: ViewOwnership, f: Fetch): boolean {
  return !f.scoped && !own.vouched.has(f.node) && !(f.published && onlyRead(f));
}

/**
 * The helper's parameters the view hands the caller to: `get_for_user(order_id, current_user.id)`, `get(order_id, user=current_user)`,
 * or a name the view bound to the caller (`owner_id = get_jwt_identity()`, then `Task.get_owned(task_id, owner_id)`).
 */
function callerParams(helperParams: string[], parts: CallParts, isCaller: (arg: SyntaxNode) => boolean): string[] {
  const byPosition = helperParams.filter((_, i) => parts.positional[i] && isCaller(parts.positional[i]!));
  const byKeyword = [...parts.keywords].filter(([k, v]) => helperParams.includes(k) && isCaller(v)).map(([k]) => k);
  return [...byPosition, ...byKeyword];
}

/** An argument of the view's that stands for the caller: an expression of it, or a name the view binds only to one. */
function callerArgument(ctx: RuleContext, route: Route): (arg: SyntaxNode) => boolean {
  let helperCallers: string[] | undefined;
  return (arg) => {
    if (isCallerExpression(arg)) return true;
    const name = unwrap(arg);
    if (name?.type !== 'identifier') return false;
    helperCallers ??= callerHelperNames(ctx, route);
    return boundToCaller(route.view.node, name.text) || helperCallers.includes(name.text);
  };
}

function isUsedByView(call: Route['view']['node']): boolean {
  return call.parent?.type !== 'expression_statement';
}

/**
 * A model that belongs to nobody (no user or tenant column: products, categories) is shared data, not an object to
 * authorise. A record whose parent belongs to someone (a task of a user's project) belongs to them too. A pymongo
 * collection is someone's when it holds accounts or the app inserts documents naming an owner into it.
 */
function sharedRecord(ctx: RuleContext, fetch: Fetch, where: ModelScope): boolean {
  if (fetch.collection !== undefined) return !mongoCollectionOwned(ctx.workspace, fetch.collection);
  const model = fetchedModel(ctx, fetch, where);
  return !!model && !ownedModel(ctx, model, 3);
}

/**
 * A shared record (no owner) that the view changes or deletes, in an app where anyone can sign up and other routes
 * check roles: the role check this one lacks is the only thing between a new account and the app's shared data.
 * Reading shared data (a catalogue) is what it is for; an app with no sign-up has only the accounts its admins made.
 */
function sharedRecordChangedByAnyone(ctx: RuleContext, u: Unchecked, route: Route): boolean {
  if (onlyReadThere(u)) return false;
  const app = appAccess(ctx);
  return app.openSignup && app.roleChecked.some((r) => r !== route.view.node);
}

interface AppAccess {
  /** An open route creates accounts (`User(...)`, `create_user(...)`). */
  openSignup: boolean;
  /** Views whose route checks a role: a role decorator, or a role test in the view. */
  roleChecked: SyntaxNode[];
}

const APP_ACCESS = new WeakMap<FlaskModel, AppAccess>();

function appAccess(ctx: RuleContext): AppAccess {
  let access = APP_ACCESS.get(ctx.model);
  if (!access) {
    const routes = ctx.model.routes.filter((r) => ctx.model.dispatches(r));
    const open = routes.filter((r) => !ctx.model.auth(r).protectedBy.length);
    access = {
      openSignup: open.some((r) => createsAccount(ctx, r)),
      roleChecked: routes.filter((r) => ctx.model.auth(r).protectedBy.includes('authorization') || testsRole(r.view.node)).map((r) => r.view.node),
    };
    APP_ACCESS.set(ctx.model, access);
  }
  return access;
}

/** The view builds an account: a model with a stored password, or the user model, or a datastore's `create_user`. */
function createsAccount(ctx: RuleContext, route: Route): boolean {
  return ownNodes(route.view.node.field_('body'), ['call']).some((call) => {
    const callee = call.field_('function')!;
    if (callee.type === 'attribute' && callee.field_('attribute')!.text === 'create_user') return true;
    const model = modelOf(ctx.workspace, route.file, callee, route.view);
    return !!model && accountModel(model);
  });
}

/**
 * A column holding a secret that a link carries (`password_reset_token`, `invite_secret`): the lookup grants the
 * record to whoever holds the secret, a capability rather than an id anyone can count through.
 */
const SECRET_COLUMN = /(^|_)(token|secret|nonce)(_hash|_digest)?$/i;

/**
 * The parameter names the record: it is called an id (`note_id`, or `noteid` for a `Note`), or the view looks a record of a model in the
 * workspace up by it through the primary key (`Server.query.get(sid)`, `filter_by(id=nid)`) or a unique column
 * (`filter_by(slug=note_slug)`). A user's unique handle (`filter_by(username=...)`) is what others see of the account:
 * routes that read by it are profile pages by design, but one that changes the account it names edits someone else's.
 */
function identifiesRecord(ctx: RuleContext, u: Unchecked): boolean {
  const { fetch, where } = u;
  if (fetch.key?.kind === 'column' && SECRET_COLUMN.test(fetch.key.name)) return false;
  const modelName = lastName(dottedName(fetch.modelExpr)) ?? '';
  if (isIdName(fetch.param) || isModelIdName(fetch.param, modelName)) return true;
  // `Purchase.query.get(purchase)`, `filter_by(purchase_id=purchase)`: the parameter named for the record it keys.
  if (fetch.key?.kind === 'primary' ? namesModel(fetch.param, modelName) : fetch.key && isIdColumnOf(fetch.param, fetch.key.name)) return true;
  const model = fetch.key && fetchedModel(ctx, fetch, where);
  if (!model || fetch.key!.kind === 'primary') return !!model;
  const name = fetch.key!.name;
  const column = model.columns.find((c) => c.name === name);
  if (/^_?(id|pk)$/.test(name) || column?.primaryKey) return true;
  return !!column?.unique && (!accountModel(model) || !onlyReadThere(u));
}

/** Nothing changes the record: neither the helper that fetches it nor the view it hands it back to (`user = find_user(name)`, then `db.session.delete(user)`). */
function onlyReadThere({ fetch, at }: Unchecked): boolean {
  return onlyRead(fetch) && (at === fetch.node || onlyRead({ ...fetch, node: at }));
}

function fetchedModel(ctx: RuleContext, fetch: Fetch, where: ModelScope): ModelClass | undefined {
  return fetch.modelExpr ? modelOf(ctx.workspace, where.file, fetch.modelExpr, where.scope) : undefined;
}

/** A stored password makes a record an account, whatever the model is called (`Teacher`, `Patient`): one person's own. */
const PASSWORD_COLUMN = /^(password|passwd|password_?hash|hashed_?password|pw_?hash)$/i;

function accountModel(model: ModelClass): boolean {
  return isUserModel(model) || model.columns.some((c) => PASSWORD_COLUMN.test(c.name));
}

function ownedModel(ctx: RuleContext, model: ModelClass, depth: number): boolean {
  if (accountModel(model) || ownershipColumns(model).length > 0) return true;
  return depth > 0 && parentModels(ctx.workspace, model).some((parent) => ownedModel(ctx, parent, depth - 1));
}

function advice(ctx: RuleContext, fetch: Fetch, where: ModelScope): string {
  const model = fetchedModel(ctx, fetch, where);
  const owner = model && ownerColumn(model);
  if (owner) return `filter the query on \`${owner.name}\` too (the caller's id) or check ownership before using it`;
  if (model && accountModel(model)) return `allow it only for the caller's own id or for admins`;
  return 'check that the record belongs to the caller (or that the caller is an admin) before using it';
}

export default defineRule({
  meta: {
    code: 'FG303',
    name: 'missing-object-authorization',
    family: 'session-and-design',
    severity: 'warning',
    cwe: [639, 284],
    summary: 'An authenticated route fetches a record by an id from the URL and uses it without checking that it belongs to the caller.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Check that the record belongs to the caller' },
    docs: {
      whatItDoes:
        'For routes that require authentication and have an id parameter (`<int:note_id>`, `<uuid:id>`, `<user_id>`, `<itemid>` for an `Item` or `OrderItem` (not `<paid>` or `<grid>`), `<item>` looked up by an `OrderItem`\'s primary key, `<purchase>` matched against a `purchase_id` column, or any ' +
        'parameter the view looks a record up by through its primary key or a unique column: `<int:sid>` with `Server.query.get(sid)`, ' +
        '`<note_slug>` with a unique `slug`), finds ' +
        'fetches by that id (`Model.query.get(...)`, `get_or_404`, `filter_by(id=...)`, `filter(Model.id == ...)`, ' +
        '`db.session.get(Model, ...)`, `db.session.get_one`, `db.get_or_404`, SQL `execute(... WHERE id = ?)`, its text written inline or in a name assigned once, ' +
        'pymongo\'s `find_one({\'_id\': ObjectId(...)})` in a collection of accounts or of documents the app inserts naming an owner (`{\'user_id\': ...}`), also inside a helper the view calls, unless that helper carries a role decorator of its own such as `@admin_required`) ' +
        'whose record the view returns or changes. It stays quiet when the query names the current user ' +
        '(`filter_by(id=note_id, owner_id=current_user.id)`, `.filter(Note.owner_id == current_user.id)`, `current_user.notes.filter_by(...)`, ' +
        'a composite key whose other part is the caller\'s (`query.get((current_user.cart.id, item_id))`), SQL whose WHERE clause binds the caller ' +
        '(`WHERE id = ? AND doctor_id = ?`; not a value the statement sets, `SET owner_id = ?`), ' +
        'or an owner id taken from `get_jwt_identity()` or the claims of `jwt.decode` or `get_jwt_claims()`, directly or from a project helper that returns it, or the principal an API guard keeps in `g`: ' +
        '`g.api_key`, `g.device`, or an id the login keeps in the session, `session[\'doctor_id\']`; also inside a helper the view hands the caller to: `get_for_user(order_id, current_user.id)`, or a name it bound to the caller, `owner_id = get_jwt_identity()`), when the ' +
        'view requires the caller\'s membership of the id first (`Membership.query.filter_by(room_id=room_id, user_id=current_user.id).first_or_404()`, ' +
        'or an ODM\'s `Report.objects.get(id=id, added_by=user_id)`, which raises when nothing matches, outside a `try` whose handler lets the view go on) ' +
        'or runs a second, unscoped query by it only where its own scoped lookup found the caller\'s record (`if note is None: ... else: Note.query.filter_by(id=note_id).delete()`), ' +
        'when the record fetched into a name is never read again (an existence check), ' +
        'when it only reads a record the query keeps to published ones (`filter_by(id=post_id, is_public=True)`), when the id comes from the claims of a token checked against the app\'s key (`jwt.decode(token, key, algorithms=...)`: whoever the app signed it for), when the record is only the object of the ' +
        'caller\'s own action (`current_user.follow(user)`, answered with a message that names its id or not, or the caller leaving or joining a collection of it that grants nothing: `post.fans.remove(current_user)`, not `project.members.append(current_user)`) or only its id keys the caller\'s own data (`Message(sender_id=current_user.id, ' +
        'receiver_id=peer.id)`), when an ownership or role test ' +
        'guards the view (`if note.owner_id != current_user.id: abort(403)`, `current_user.is_admin`, `has_role(...)` (not a setting stored on the record, `post.can_comment`), a session flag named for a role that the admin login sets, `session.get(\'admin_logged_in\')`, `\'admin_logged_in\' in session`, or a project predicate that answers with the caller\'s role, `if not is_clerk(): return ..., 403`), when a ' +
        'permission or ownership predicate turns the caller away (`if not current_user.can("notes:edit"): abort(403)`, ' +
        '`if not note.belongs_to(user): return redirect(...)`), or when ' +
        'the check sits in a role or ownership decorator (named for one itself: `@staff_ns.doc(...)` of a namespace named for staff checks nothing; Flask-HTTPAuth\'s `@auth.login_required(role=\'admin\')` included; a project decorator whose role test only sends admins on to the view sooner, past a rate limit, checks nothing), a blueprint guard or a helper the view calls (a helper\'s role test counts when it refuses, fetches or narrows a query to the caller, not when it only trims what it lists; a project decorator that picks some URL ' +
        'parameters out of the view\'s arguments, `kwargs.get(\'user_id\')`, checks those only). A lookup by a column holding a secret the link carries (`filter_by(password_reset_token=token)`) is a capability, not an id. A model with a stored password is an account, whatever ' +
        'its name (`Teacher`, `Patient`). Records of models with no ' +
        'user or tenant column (products, categories) are shared data and not reported, unless the view changes or deletes one with no role check in an ' +
        'app where anyone can sign up (an open route creates accounts) and other routes check roles; an audit column (`created_by` or `added_by` declared ' +
        '`ondelete=\'SET NULL\'`, or beside `last_updated_by` or `removed_by`, in any spelling: `AddedBy`, `createdBy`) records who touched a shared record and is no owner. Open routes are FG101\'s business, and routes of a blueprint no app registers are never served.',
      whyIsThisBad:
        'Logging in proves who the caller is, not which records they may touch. With sequential ids anyone with an account can ' +
        'walk `/notes/1`, `/notes/2`, ... and read, change or delete everybody\'s data (IDOR, OWASP A01).',
      example: [
        'from flask import Flask, jsonify',
        'from flask_login import login_required',
        '',
        'from models import Note',
        '',
        'app = Flask(__name__)',
        '',
        '',
        "@app.get('/notes/<int:note_id>')",
        '@login_required',
        'def get_note(note_id):',
        '    note = Note.query.get_or_404(note_id)',
        '    return jsonify(body=note.body)',
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask, jsonify',
        'from flask_login import current_user, login_required',
        '',
        'from models import Note',
        '',
        'app = Flask(__name__)',
        '',
        '',
        "@app.get('/notes/<int:note_id>')",
        '@login_required',
        'def get_note(note_id):',
        '    note = Note.query.filter_by(id=note_id, owner_id=current_user.id).first_or_404()',
        '    return jsonify(body=note.body)',
        '',
      ].join('\n'),
      files: {
        'models.py': [
          'from flask_sqlalchemy import SQLAlchemy',
          '',
          'db = SQLAlchemy()',
          '',
          '',
          'class Note(db.Model):',
          '    id = db.Column(db.Integer, primary_key=True)',
          '    body = db.Column(db.Text)',
          "    owner_id = db.Column(db.Integer, db.ForeignKey('user.id'))",
          '',
        ].join('\n'),
      },
      fixSafety:
        'Unsafe: whether admins, team members or shared links may also see a record is a product decision. When the fetched ' +
        'record is assigned to a name and its model has an owner column (a foreign key to the user table, or `owner_id`, ' +
        '`user_id`, `author_id`...) and the app uses Flask-Login or Flask-Security, the fix adds `if record.owner_id != ' +
        'current_user.id: abort(403)` (or the session `user_id`) right after the fetch; widen it for admins by hand.',
      references: ['https://owasp.org/Top10/A01_2021-Broken_Access_Control/', 'https://cheatsheetseries.owasp.org/cheatsheets/Insecure_Direct_Object_Reference_Prevention_Cheat_Sheet.html'],
    },
  },
  checkProject(ctx) {
    const model = ctx.model;
    for (const route of model.routes) {
      if (route.misplaced.length || !route.rule.includes('<') || !model.dispatches(route)) continue;
      const params = pathParams(route.rule, route.view.params);
      if (!params.length) continue;
      const auth = model.auth(route);
      // Open routes are FG101's business; role decorators are a check.
      if (auth.openMethods.length || !auth.protectedBy.length || auth.protectedBy.includes('authorization')) continue;
      let unchecked = uncheckedFetches(ctx, route, params).filter((u) => identifiesRecord(ctx, u));
      // Resolving decorators and hooks costs more than reading the view: only for views that fetch unchecked.
      if (!unchecked.length) continue;
      const covered = checkedBeforeView(ctx, model, route);
      if (covered === 'all' || checkedByHelper(ctx, route) || checkedByPredicateHelper(ctx, route)) continue;
      unchecked = unchecked.filter((u) => !covered?.has(u.fetch.param) && !calleeAuthorizes(ctx, route, u.at));
      const reported = new Set<string>();
      for (const { fetch, at, where } of unchecked) {
        const shared = sharedRecord(ctx, fetch, where);
        if (reported.has(fetch.param) || (shared && !sharedRecordChangedByAnyone(ctx, { fetch, at, where }, route))) continue;
        reported.add(fetch.param);
        const head = at.text.split('\n')[0]!;
        const call = head.length > 60 ? head.slice(0, 57) + '...' : head;
        const what = shared
          ? `lets anyone who signs up change or delete a shared record with no role check (other routes of the app check one); allow it only for the roles meant to manage it`
          : `serves any user's record to every logged-in caller; ${advice(ctx, fetch, where)}`;
        ctx.report(route.file, at, `\`${fetch.param}\` comes from the URL and \`${call}\` ${what}`, {
          fixes: () => (at === fetch.node ? ownershipFix(ctx, route, fetch) : []),
        });
      }
    }
  },
});

/** `if doc.owner_id != current_user.id: abort(403)` right after `doc = Model.query.get_or_404(doc_id)`. */
function ownershipFix(ctx: RuleContext, route: Route, fetch: Fetch): Fix[] {
  const model = fetch.modelExpr ? modelOf(ctx.workspace, route.file, fetch.modelExpr, route.view) : undefined;
  const column = model && (isUserModel(model) ? model.columns.find((c) => c.primaryKey) : ownerColumn(model));
  const assignment = fetch.node.parent?.type === 'assignment' ? fetch.node.parent : undefined;
  const record = assignment?.field_('left');
  if (!column || record?.type !== 'identifier' || assignment?.field_('right') !== fetch.node) return [];
  const file = ctx.workspace.get(route.file.path) ?? route.file;
  const files = [...ctx.workspace.all()];
  // Who is calling: Flask-Login/Security's current_user, else the user id the app keeps in its session.
  const identity = files.some((f) => f.facts.imports.some((i) => /^flask_(login|security)/.test(i.module)))
    ? { expr: 'current_user.id', module: importedFrom(file, 'current_user') ?? 'flask_login', name: 'current_user' }
    : files.some((f) => f.facts.assignments.some((a) => /^session\[['"]user_id['"]\]$/.test(a.target.text)))
      ? { expr: "session.get('user_id')", module: 'flask', name: 'session' }
      : undefined;
  const where = statementOf(assignment);
  if (!identity || !where) return [];
  const edits: FileEdit[] = [
    { kind: 'replace', file: file.path, start: where.lineEnd, end: where.lineEnd, text: `${where.indent}if ${record.text}.${column.name} != ${identity.expr}:\n${where.indent}    abort(403)\n` },
  ];
  for (const [module, name] of [['flask', 'abort'], [identity.module, identity.name]] as const) {
    const e = ensureImport(file, module, name);
    if (e) edits.push(e);
  }
  return [{ title: `Refuse other users' ${model!.name} records (check \`${column.name}\`)`, applicability: 'unsafe', edits }];
}

/** The module a name is already imported from in this file (Flask-Security re-exports `current_user`). */
function importedFrom(file: IndexedFile, name: string): string | undefined {
  return file.facts.imports.find((i) => i.local === name && i.member)?.module;
}
