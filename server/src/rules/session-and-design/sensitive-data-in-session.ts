import { unitFacts } from '../../analysis/facts';
import { appFacts, isFlaskSession, sessionKey } from '../../analysis/app-facts';
import { callParts, lastName, sequenceItems, stringItems, stringValue, unwrap, words } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
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
    const writes: { key: string; node: SyntaxNode; looped?: boolean }[] = [];
    for (const a of unitFacts(unit).assignments) {
      if (a.target.type !== 'subscript' || unwrap(a.value)?.type === 'none') continue;
      if (!isFlaskSession(workspace, file, a.target.field_('value'), a.scope)) continue;
      const subscript = a.target.field_('subscript');
      const key = sessionKey(workspace, file, subscript, a.scope);
      // RULES.md decides by the key the value is written under: `session['oauth_state'] = {'scopes': ...}` is flow state.
      if (key !== undefined) writes.push({ key, node: a.node });
      else for (const k of loopKeys(subscript) ?? []) writes.push({ key: k, node: a.node, looped: true });
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
      if (call.parts.positional[0]) for (const key of literalKeys(call.parts.positional[0])) writes.push({ key, node: call.node });
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
    return markers || interfaces.length || keys.length ? `session:${markers}:${interfaces.join(',')}:${keys.join(',')}` : '';
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
