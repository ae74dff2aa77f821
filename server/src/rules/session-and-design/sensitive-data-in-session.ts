import { unitFacts, type ClassFact } from '../../analysis/facts';
import { appFacts, isFlaskSession, sessionKey } from '../../analysis/app-facts';
import { ownNodes } from '../../analysis/body';
import { isUserModel, workspaceModels } from '../../analysis/models';
import { callParts, dottedName, lastName, sequenceItems, stringItems, stringValue, unwrap, words } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import type { Workspace } from '../../analysis/workspace';
import { statementOf } from '../../fixes/statements';
import type { Fix } from '../types';
import { defineRule } from '../types';

/** Authorisation data: the server decides access from it (error). */
const AUTHORIZATION = new Set(['admin', 'administrator', 'superuser', 'role', 'roles', 'permission', 'permissions', 'perms', 'scope', 'scopes', 'privilege', 'privileges']);
/** Secrets and personal data: readable by anyone holding the cookie (warning). */
const SECRET = new Set(['password', 'passwd', 'pwd', 'token', 'tokens', 'jwt', 'secret', 'secrets', 'apikey', 'ssn', 'card', 'cvv', 'notes', 'email', 'emails']);

export type SessionKeyKind = 'authorization' | 'secret';

/** RULES.md: a key matches when one of its `_`-separated parts (or camelCase words) is a listed word. */
export function sessionKeyKind(key: string): SessionKeyKind | undefined {
  const parts = words(key);
  // Flask-WTF keeps its CSRF token in the session by design: the page shows it anyway.
  if (parts.includes('csrf') || parts.includes('xsrf')) return undefined;
  if (parts.some((p) => AUTHORIZATION.has(p))) return 'authorization';
  if (parts.some((p) => SECRET.has(p))) return 'secret';
  for (let i = 0; i + 1 < parts.length; i++) {
    if ((parts[i] === 'api' || parts[i] === 'private') && parts[i + 1] === 'key') return 'secret';
  }
  return undefined;
}

/** String keys of a dict literal or `dict(...)` call: the session keys `session.update(...)` writes. */
function literalKeys(value: SyntaxNode): string[] {
  const v = unwrap(value);
  if (v?.type === 'dictionary') return v.namedChildren.map((p) => (p.type === 'pair' ? stringValue(p.field_('key')) : undefined)).filter((k): k is string => k !== undefined);
  const parts = callParts(v);
  return parts && lastName(parts.name) === 'dict' ? [...parts.keywords.keys()] : [];
}

/** Words of a key or a name that stand for the logged-in user: what is stored under it is the user's record. */
const USER_RECORD = new Set(['user', 'users', 'account', 'member', 'profile', 'identity', 'principal', 'me', 'userinfo']);
/** Methods that turn a record into a dict (`user.to_dict()`, `row._asdict()`, Pydantic's `model_dump()`). */
const RECORD_DUMPS = new Set(['to_dict', 'as_dict', 'todict', 'asdict', '_asdict', 'dict', 'serialize', 'to_json', 'model_dump', 'json']);
/** Functions that do the same with the record as their argument (`vars(user)`, `dataclasses.asdict(user)`). */
const DUMP_FUNCTIONS = new Set(['vars', 'dict', 'asdict', 'model_to_dict', 'jsonable_encoder']);

const namesUser = (text: string | undefined) => !!text && words(text).some((w) => USER_RECORD.has(w));

/**
 * The fields a write stores when its value is the user's record, which a non-sensitive key (`user`) does not show:
 * a dict literal under a key that names the user (`session['user'] = {'id': u.id, 'is_admin': u.is_admin}`), or
 * a whole-record dump of the user (`user.to_dict()`, `vars(user)`, `user.__dict__`). Other dicts are flow state,
 * decided by their own key (`session['oauth_state'] = {'scopes': [...]}`).
 */
function recordFields(workspace: Workspace, key: string | undefined, value: SyntaxNode): string[] {
  const keys = literalKeys(value);
  if (keys.length) return key !== undefined && namesUser(key) ? keys : [];
  const record = dumpedRecord(value);
  if (!record || !(namesUser(key) || namesUser(lastName(dottedName(record.object))))) return [];
  return userModelFields(workspace, record.method);
}

/** `x.to_dict()` → `x` and `to_dict`; `vars(x)` / `x.__dict__` → `x`. */
function dumpedRecord(value: SyntaxNode): { object: SyntaxNode; method?: string } | undefined {
  const v = unwrap(value);
  if (v?.type === 'attribute' && v.field_('attribute')?.text === '__dict__') return { object: v.field_('object')! };
  const parts = callParts(v);
  if (!parts) return undefined;
  if (parts.callee.type === 'attribute' && RECORD_DUMPS.has(parts.callee.field_('attribute')!.text) && !parts.positional.length) return { object: parts.callee.field_('object')!, method: parts.callee.field_('attribute')!.text };
  if (parts.positional.length === 1 && !parts.keywords.size && DUMP_FUNCTIONS.has(lastName(parts.name) ?? '')) return { object: parts.positional[0]! };
  return undefined;
}

/**
 * What the workspace's user model puts in the dump: the keys its own `method` returns, else its columns (`vars`,
 * `__dict__` and inherited serializers copy them all). No user model known: nothing can be said.
 */
function userModelFields(workspace: Workspace, method: string | undefined): string[] {
  const model = workspaceModels(workspace).all.find(isUserModel);
  if (!model) return [];
  const own = method ? model.cls.methods.find((m) => m.name === method) : undefined;
  return own ? returnedKeys(own.node) : model.columns.map((c) => c.name);
}

/** The keys of the dict literals a method returns (`return {'id': self.id, ...}`). */
function returnedKeys(def: SyntaxNode): string[] {
  return ownNodes(def.field_('body'), ['return_statement']).flatMap((r) => (r.namedChildren[0] ? literalKeys(r.namedChildren[0]) : []));
}

/** A class's dump methods and the keys they return: a session write of its records reads them. */
function dumpShapes(cls: ClassFact): string {
  return cls.methods.filter((m) => RECORD_DUMPS.has(m.name)).map((m) => `${cls.name}.${m.name}(${returnedKeys(m.node).join(',')})`).join(';');
}

export function sessionMessage(key: string, kind: SessionKeyKind): string {
  return kind === 'authorization'
    ? `Flask sessions are signed, not encrypted: the client can read \`${key}\`, and the server trusts it; keep only the user id in the session`
    : `Flask sessions are signed, not encrypted: anyone holding the cookie can read \`${key}\`; keep it on the server and only the user id in the session`;
}

export default defineRule({
  meta: {
    code: 'FG301',
    name: 'sensitive-data-in-session',
    family: 'session-and-design',
    severity: 'error',
    cwe: [565, 315],
    summary: "Authorisation data, secrets or personal data are written into Flask's client-side session cookie.",
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Keep only the user id in the session' },
    docs: {
      whatItDoes:
        'Reports writes into Flask\'s default `session` (`session[key] = ...`, `session.update(...)`, `session.setdefault(...)`) ' +
        'under a key one of whose `_`-separated parts names authorisation data (admin, role(s), permission(s), scope(s): error) ' +
        'or a secret or personal data (password, token or jwt, api_key, secret, ssn, card, notes, email: warning). The key written ' +
        'decides, not the keys inside a dict stored under it (`session["oauth_state"] = {"scopes": ...}` is not reported). Apps that use ' +
        'Flask-Session or a custom server-side `session_interface` are not reported: their cookie holds only an opaque id.',
      whyIsThisBad:
        'Flask\'s default session is a cookie that is signed, not encrypted: base64-decoding it shows every value to the user, ' +
        'to browser extensions and to anything that logs cookies. Authorisation data in it is trusted as long as the cookie is ' +
        'valid, so a demoted admin keeps `is_admin` until the cookie expires, and a leaked or weak `SECRET_KEY` lets anyone mint ' +
        'admin sessions.',
      example: [
        'from flask import Flask, session',
        '',
        'app = Flask(__name__)',
        '',
        '',
        'def remember(user):',
        "    session['user_id'] = user.id",
        "    session['is_admin'] = user.is_admin",
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask, session',
        '',
        'app = Flask(__name__)',
        '',
        '',
        'def remember(user):',
        "    session['user_id'] = user.id",
        '',
        '',
        'def is_admin(user):',
        '    return user.is_admin  # read from the database on each request',
        '',
      ].join('\n'),
      fixSafety:
        'Unsafe: the fix removes the write (`session["is_admin"] = ...`), so code that read the key back from the session ' +
        'must load it from the database by the user id instead (for example in a `before_request` that sets `g.user`). It is ' +
        'offered for a subscript write on a line of its own.',
      references: ['https://flask.palletsprojects.com/en/latest/quickstart/#sessions', 'https://flask-session.readthedocs.io/'],
    },
  },
  checkUnit(unit, ctx) {
    const { file, workspace } = ctx;
    // Test code is not served: a session forged through `session_transaction()` or a throwaway app in a fixture is scaffolding.
    if (file.inTests) return;
    const writes: { key: string; node: SyntaxNode; looped?: boolean }[] = [];
    // A user's record stored whole: each of its fields is a write (`user['is_admin']`); reported once, like a loop's.
    const recordWrites = (key: string | undefined, value: SyntaxNode, node: SyntaxNode) => {
      for (const field of recordFields(workspace, key, value)) writes.push({ key: key === undefined ? field : `${key}['${field}']`, node, looped: true });
    };
    for (const a of unitFacts(unit).assignments) {
      if (a.target.type !== 'subscript' || unwrap(a.value)?.type === 'none') continue;
      if (!isFlaskSession(workspace, file, a.target.field_('value'), a.scope)) continue;
      const subscript = a.target.field_('subscript');
      const key = sessionKey(workspace, file, subscript, a.scope);
      // RULES.md decides by the key the value is written under: `session['oauth_state'] = {'scopes': ...}` is flow state.
      if (key !== undefined) {
        writes.push({ key, node: a.node });
        if (!sessionKeyKind(key)) recordWrites(key, a.value, a.node);
      } else for (const k of loopKeys(subscript) ?? []) writes.push({ key: k, node: a.node, looped: true });
    }
    for (const call of unitFacts(unit).calls) {
      if (call.parts.callee.type !== 'attribute') continue;
      const method = lastName(call.parts.name);
      if ((method !== 'update' && method !== 'setdefault') || !isFlaskSession(workspace, file, call.parts.callee.field_('object'), call.scope)) continue;
      if (method === 'setdefault') {
        const key = stringValue(call.parts.positional[0]);
        if (key !== undefined) writes.push({ key, node: call.node });
        continue;
      }
      for (const key of call.parts.keywords.keys()) writes.push({ key, node: call.node });
      const value = call.parts.positional[0];
      if (value) for (const key of literalKeys(value)) writes.push({ key, node: call.node });
      // `session.update(user.to_dict())` writes the record's fields as keys of their own.
      if (value && !literalKeys(value).length) recordWrites(undefined, value, call.node);
    }
    if (!writes.length || appFacts(workspace).serverSession) return;
    const reported = new Set<SyntaxNode>();
    // Authorisation keys first, so a loop's write (one line, several keys) is reported once, under its worst key.
    const ranked = writes.map((w) => ({ ...w, kind: sessionKeyKind(w.key) })).sort((a, b) => Number(b.kind === 'authorization') - Number(a.kind === 'authorization'));
    for (const { key, node, kind, looped } of ranked) {
      if (!kind || (looped && reported.has(node))) continue;
      reported.add(node);
      ctx.report(file, node, sessionMessage(key, kind), {
        severity: kind === 'authorization' ? 'error' : 'warning',
        // Removing a loop's write would drop its harmless keys (`user_id`) too.
        fixes: () => (looped ? [] : removeWrite(file.path, node, key)),
      });
    }
  },
  summarize(unit) {
    // Adding Flask-Session (often inside a factory) changes every session write's verdict.
    const markers = unitFacts(unit).calls.filter((c) => /^(Session|KVSessionExtension|init_app)$/.test(lastName(c.parts.name) ?? '')).length;
    const interfaces = unitFacts(unit).assignments.filter((a) => /session_interface$/.test(a.target.text)).map((a) => a.value.text);
    // A module constant may name a session key elsewhere (`session[ROLE_KEY] = ...`).
    const keys = unitFacts(unit).assignments.filter((a) => !a.scope && a.target.type === 'identifier' && stringValue(a.value) !== undefined).map((a) => `${a.target.text}=${stringValue(a.value)}`);
    // What a user model's `to_dict()` returns decides writes of `user.to_dict()` elsewhere (columns are in the unit's interface).
    const dumps = unitFacts(unit).classes.map(dumpShapes).filter(Boolean);
    return markers || interfaces.length || keys.length || dumps.length ? `session:${markers}:${interfaces.join(',')}:${keys.join(',')}:${dumps.join(';')}` : '';
  },
});

/** The keys `session[key] = ...` writes inside `for key in ('email', 'is_admin'):` (a literal list or tuple); walks up the write's parents only. */
function loopKeys(key: SyntaxNode | undefined): string[] | undefined {
  if (key?.type !== 'identifier') return undefined;
  for (let n = key.parent; n && n.type !== 'function_definition' && n.type !== 'class_definition'; n = n.parent) {
    if (n.type !== 'for_statement' || n.field_('left')?.text !== key.text) continue;
    // A bare string iterates its characters, not keys.
    const iterable = n.field_('right');
    return sequenceItems(iterable) ? stringItems(iterable) : undefined;
  }
  return undefined;
}

/** "Keep only the user id in the session": drop `session[key] = ...` when it is a statement of its own. */
function removeWrite(file: string, node: SyntaxNode, key: string): Fix[] {
  if (node.type !== 'assignment' || node.field_('left')?.type !== 'subscript') return [];
  const where = statementOf(node);
  if (!where || where.stmt.namedChildren.length !== 1) return [];
  // The only statement of its block leaves a `pass` behind, or the block would be empty.
  const alone = where.stmt.parent!.namedChildren.filter((c) => c.type !== 'comment').length === 1;
  const text = alone ? `${where.indent}pass\n` : '';
  return [{ title: `Stop storing \`${key}\` in the session (keep only the user id)`, applicability: 'unsafe', edits: [{ kind: 'replace', file, start: where.lineStart, end: where.lineEnd, text }] }];
}
