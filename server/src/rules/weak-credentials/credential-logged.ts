import { isCredential, isLoggingCall, type SourceKind, type Taint } from '../../analysis/dataflow';
import { localAssignments, type FunctionFact } from '../../analysis/facts';
import { PASSWORD_HASHER } from '../../analysis/password-hashing';
import { calledName, callParts, comparisonOperator, dottedName, intValue, lastName, stringValue, unwrap, words } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { boundValue, credentialParameter, credentialTaints, describeTaint, formPasswordField, isCredentialWord, isOneTimeCodeName, isSecretName, isSentinel, sliceBounds, terminalName } from './credentials';
import { jwtCalls, keyArgument, verifiesWithPublicKey } from './jwt';
import { decoratorNames, nodesOf, unitScopes, type FunctionScope } from './scope';
import { defineRule } from '../types';

export default defineRule({
  meta: {
    code: 'FG208',
    name: 'credential-logged',
    family: 'weak-credentials',
    severity: 'warning',
    cwe: [532],
    summary: 'A logging or print call writes a credential (the `Authorization` header, a token, an API key, a password) or all request headers.',
    fix: { availability: 'none' },
    docs: {
      whatItDoes:
        'Finds `logger.*`, `logging.*`, `app.logger.*` and `print` calls whose arguments (f-strings, `%` and `.format` ' +
        'included) carry a credential from the request, the whole `request.headers` (or `dict(request.headers)`), the whole ' +
        'body (`request.form`, `request.json`, `request.get_json()`, `request.values`, or a variable holding it) in a function ' +
        'that reads a credential from the body or requires one in it (a login or sign-up view: `body[\'password\']`, ' +
        '`fields.pop(\'confirmPassword\')`, `\'password\' in body`), or a variable named as a secret (`token`, `api_key`, ' +
        '`password`, `SECRET_KEY`) or a one-time code (`sms_code`, `reset_code`), or handed to `jwt.encode`/`jwt.decode` as the key, or a local built from text that ' +
        'formats such a secret in (`command = f"mysqldump -p{config.db_password}"`); in WSGI middleware, a credential ' +
        'header read from the environ (`environ.get("HTTP_AUTHORIZATION")`) or the whole environ. A short prefix ' +
        '(`key[:8]`), a length, a hash kept in place of the secret (`hashed_password`, `token_hash`, or a `password` local assigned only `generate_password_hash(...)`), the body of a request that sends no credential is not reported, nor is a `print` in a ' +
        'CLI command (`@app.cli.command()`, `@click.command()`), which writes to the terminal of the operator who ran it.',
      whyIsThisBad:
        'Logs are kept for months, shipped to third-party services and read by many more people than the secrets are ' +
        'meant for. A logged bearer token or API key is a working credential for anyone with log access; request headers ' +
        'carry `Authorization` and the session cookie.',
      example: [
        'import logging',
        '',
        'from flask import Flask, request',
        '',
        'app = Flask(__name__)',
        'log = logging.getLogger(__name__)',
        '',
        '@app.before_request',
        'def trace():',
        "    log.info('headers: %s', request.headers)",
        '',
      ].join('\n'),
      useInstead: [
        'import logging',
        '',
        'from flask import Flask, request',
        '',
        'app = Flask(__name__)',
        'log = logging.getLogger(__name__)',
        '',
        '@app.before_request',
        'def trace():',
        "    log.info('%s %s from %s', request.method, request.path, request.remote_addr)",
        '',
      ].join('\n'),
      fixSafety: 'No automatic fix: decide what the log line should identify (a key id, a prefix, the user) instead.',
      references: ['https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude', 'https://cwe.mitre.org/data/definitions/532.html'],
    },
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    const keys = signingKeys(unit, ctx.file, ctx.workspace);
    for (const scope of unitScopes(unit, ctx.file, ctx.workspace)) {
      for (const call of nodesOf(scope, 'call')) {
        if (!isLoggingCall(call)) continue;
        const parts = callParts(call)!;
        if (parts.name === 'print' && isCliCommand(scope)) continue;
        const what = [...parts.positional, ...parts.keywords.values()].map((a) => (knownEmpty(call, a) || isTruthValue(a) ? undefined : loggedSecret(scope, a, keys.get(scope.fact) ?? NO_KEYS))).find(Boolean);
        if (what) ctx.report(ctx.file, call, `This ${parts.name === 'print' ? 'print' : 'logging'} call writes ${what} to the logs, where anyone who reads them can reuse it; log a non-secret identifier instead (a key id, a short prefix, the user id)`);
      }
    }
  },
});

/**
 * `@app.cli.command()`, `@click.command()`, `@manager.command`: a `print` there writes to the terminal of
 * the operator who ran it (`flask create-api-key` showing the key it minted), not to a server log.
 */
function isCliCommand(scope: FunctionScope): boolean {
  return decoratorNames(scope.fact).includes('command');
}

/** Request bodies a login form or API call sends its credentials in. */
const BODIES = new Set<SourceKind>(['form', 'json', 'values', 'data', 'parsed']);
/** Steps that keep every value of the body (`request.form.to_dict()`, `f'{body}'`); `keys()` drops them. */
const KEEPS_VALUES = /^(to_dict|copy|items|values)$/;

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * `key = os.getenv('RESET_KEY_FLASK')` then `jwt.encode(claims, key)`: whatever it is called, a local the
 * function signs or checks its tokens with is the secret that mints them. Public keys are not secrets.
 */
function signingKeys(unit: Unit, file: IndexedFile, workspace: Workspace): Map<FunctionFact, Set<string>> {
  const out = new Map<FunctionFact, Set<string>>();
  for (const call of jwtCalls(unit, file, workspace)) {
    const key = unwrap(keyArgument(call));
    if (!call.scope || (call.fn !== 'encode' && call.fn !== 'decode') || key?.type !== 'identifier' || verifiesWithPublicKey(call)) continue;
    const names = out.get(call.scope.fact) ?? new Set<string>();
    out.set(call.scope.fact, names.add(key.text));
  }
  return out;
}

/** What secret an argument carries, described, if any. */
function loggedSecret(scope: FunctionScope, arg: SyntaxNode, keys: ReadonlySet<string>): string | undefined {
  for (const t of scope.flow.taintsOf(arg)) {
    // Whole collections only: a named read, a key, an index or a slice is judged below.
    if (t.source.name !== undefined || !t.steps.every((s) => s.op === 'format' || s.op === 'helper' || (s.op === 'method' && KEEPS_VALUES.test(s.name)))) continue;
    if (t.source.kind === 'headers') return 'all request headers (`Authorization` and cookies included)';
    if (t.source.kind === 'authorization') return 'the `Authorization` credentials';
    const carried = BODIES.has(t.source.kind) ? bodyCredential(scope) : undefined;
    if (carried) return `${describeTaint(t)} of a request that sends ${carried}`;
  }
  const cred = credentialTaints(scope, arg).find((t) => !masked(t));
  if (cred) return describeTaint(cred);
  const scrubbed = scrubbedBefore(scope, arg);
  return namedSecret(arg, scrubbed, keys) ?? configuredSecret(scope, arg) ?? mintedToken(scope, arg) ?? parameterPart(scope, arg) ?? builtWithSecret(scope, arg, scrubbed, keys);
}

/**
 * `command = f'mysqldump -u {user} -p{config.db_password} ...'` then `print(command)`: a local assigned once from
 * text that formats a secret in carries it into the log line.
 */
function builtWithSecret(scope: FunctionScope, arg: SyntaxNode, scrubbed: ReadonlySet<string>, keys: ReadonlySet<string>): string | undefined {
  const n = unwrap(arg);
  if (n?.type !== 'identifier' || scrubbed.has(n.text)) return undefined;
  const assigned = localAssignments(scope.fact, n.text);
  const value = assigned.length === 1 && assigned[0]!.target.type === 'identifier' ? unwrap(assigned[0]!.value) : undefined;
  const composed = value?.type === 'string' || value?.type === 'binary_operator' || value?.type === 'call';
  const found = composed ? namedSecret(value!, scrubbed, keys) : undefined;
  return found && `\`${n.text}\` (built with ${found})`;
}

/**
 * `creds.pop('auth_token', None)` or `del creds['password']` before `log.debug('%s', creds)`: the mapping
 * had its secret taken out for the log line, so its secret-sounding name no longer says what it holds; nor does
 * that of a local that only ever holds a hash (`holdsHash`).
 */
function scrubbedBefore(scope: FunctionScope, at: SyntaxNode): ReadonlySet<string> {
  const out = new Set<string>();
  for (const call of nodesOf(scope, 'call')) {
    const parts = callParts(call)!;
    if (call.start < at.start && parts.callee.type === 'attribute' && parts.callee.field_('attribute')?.text === 'pop' && isSecretName(stringValue(parts.positional[0]))) out.add(parts.callee.field_('object')!.text);
  }
  for (const del of nodesOf(scope, 'delete_statement')) {
    if (del.start > at.start) continue;
    del.walk((n) => {
      if (n.type === 'subscript' && isSecretName(stringValue(n.field_('subscript')))) out.add(n.field_('value')!.text);
    });
  }
  at.walk((n) => {
    if (n.type === 'identifier' && holdsHash(scope, n.text)) out.add(n.text);
  });
  return out;
}

/**
 * `password = generate_password_hash(form['password'])` then `print(password)`: a local every assignment of which
 * hashes (a password hasher, a `hexdigest()`) holds the hash, which cannot be sent back as the credential, whatever
 * its name says. A parameter, or a local also bound to the typed text, may still hold the secret.
 */
function holdsHash(scope: FunctionScope, name: string): boolean {
  const assigned = localAssignments(scope.fact, name);
  return assigned.length > 0 && !scope.fact.params.includes(name) && assigned.every((a) => a.target.type === 'identifier' && isHashCall(wholeValue(unwrap(a.value))));
}

/** `generate_password_hash(pw)`, `ph.hash(pw)`, `bcrypt.hashpw(...).decode()`, `sha256(pw).hexdigest()`. */
function isHashCall(value: SyntaxNode | undefined): boolean {
  const parts = callParts(value);
  const last = parts && (lastName(parts.name) ?? parts.callee.field_('attribute')?.text);
  return !!last && (PASSWORD_HASHER.test(last) || last === 'hexdigest' || last === 'digest');
}

/** Calls that hand on the same secret, reshaped (`token.split()`, `header.replace('Bearer ', '')`). */
const RESHAPES = /^(split|rsplit|partition|rpartition|strip|lstrip|rstrip|replace|removeprefix|removesuffix|lower|encode|decode)$/;

/**
 * `def authenticate(token): parts = token.split(); value = parts[1]; print(value)`: a local cut out of a
 * credential parameter by its own assignments. The first part of a split is the scheme, not the secret.
 */
function parameterPart(scope: FunctionScope, arg: SyntaxNode): string | undefined {
  const start = unwrap(arg);
  let n = start;
  for (let hops = 0; n?.type === 'identifier' && hops < 4; hops++) {
    const param = credentialParameter(scope, n);
    if (param) return n === start ? undefined : `\`${start!.text}\` (cut from the \`${param}\` parameter)`;
    const assigned = localAssignments(scope.fact, n.text);
    n = assigned.length === 1 && assigned[0]!.target.type === 'identifier' ? wholeValue(unwrap(assigned[0]!.value)) : undefined;
  }
  return undefined;
}

/** The value a part is cut from: `parts[1]` → `parts`, `header.split()` → `header`. */
function wholeValue(n: SyntaxNode | undefined): SyntaxNode | undefined {
  while (n) {
    const index = n.type === 'subscript' ? n.field_('subscript') : undefined;
    const parts = n.type === 'call' ? callParts(n) : undefined;
    if (index && index.type !== 'slice' && !(index.type === 'integer' && index.text === '0')) n = unwrap(n.field_('value'));
    else if (parts?.callee.type === 'attribute' && RESHAPES.test(parts.callee.field_('attribute')?.text ?? '')) n = unwrap(parts.callee.field_('object'));
    else return n;
  }
  return undefined;
}

/** `expected = current_app.config.get('API_KEY')` (or `os.environ[...]`) then `print(expected)`: a local holding a configured secret. */
function configuredSecret(scope: FunctionScope, arg: SyntaxNode): string | undefined {
  const n = unwrap(arg);
  const value = n?.type === 'identifier' ? unwrap(boundValue(scope, n.text)) : undefined;
  if (!value) return undefined;
  const parts = callParts(value);
  const key = value.type === 'subscript' ? value.field_('subscript') : parts && /^(get|getenv)$/.test(calledName(parts) ?? '') ? parts.positional[0] : undefined;
  return isSecretName(stringValue(key)) ? `\`${n!.text}\` (${value.text})` : undefined;
}

/** Verbs of calls that make a new secret (`create_access_token`, `generate_api_key`), unlike `verify_token`. */
const MINTS = /^(create|generate|gen|issue|make|mint|sign|encode|new)$/;

/** `access = issue_access_token(user)` then `log.info('%s', access)`: a local holding a token the app just made, whatever it is called. */
function mintedToken(scope: FunctionScope, arg: SyntaxNode): string | undefined {
  const n = unwrap(arg);
  const parts = n?.type === 'identifier' ? callParts(unwrap(boundValue(scope, n.text))) : undefined;
  const name = parts?.name ?? parts?.callee.field_('attribute')?.text;
  if (!name) return undefined;
  const last = lastName(name)!;
  const minted = name === 'jwt.encode' || (isSecretName(last) && !namesHash(last) && MINTS.test(words(last)[0] ?? ''));
  return minted ? `\`${n!.text}\` (from \`${name}(...)\`)` : undefined;
}

/**
 * `if not token: log.warning('no token: %s', token)`: where the test says the name is missing (the
 * branch of an absence test, the `else` of a presence test), it holds nothing to leak.
 */
function knownEmpty(call: SyntaxNode, arg: SyntaxNode): boolean {
  const name = unwrap(arg);
  if (name?.type !== 'identifier') return false;
  for (let n = call, p = n.parent; p && p.type !== 'function_definition'; n = p, p = p.parent) {
    if ((p.type === 'if_statement' || p.type === 'elif_clause') && p.field_('consequence') === n && absenceTest(p.field_('condition'), name.text)) return true;
    if (p.type === 'else_clause' && p.parent?.type === 'if_statement' && !p.parent.fields('alternative').some((a) => a.type === 'elif_clause') && presenceTest(p.parent.field_('condition'), name.text)) return true;
  }
  return false;
}

/** `bool(token)`: logs whether there is a secret, not the secret. */
function isTruthValue(arg: SyntaxNode): boolean {
  return callParts(unwrap(arg))?.name === 'bool';
}

/** `not x`, `x is None`, `x == ''`, or an `and` that contains one. */
function absenceTest(cond: SyntaxNode | undefined, name: string): boolean {
  const n = unwrap(cond);
  if (!n) return false;
  if (n.type === 'not_operator') return unwrap(n.field_('argument'))?.text === name;
  if (n.type === 'boolean_operator' && n.children.some((c) => c.type === 'and')) return absenceTest(n.field_('left'), name) || absenceTest(n.field_('right'), name);
  return n.type === 'comparison_operator' && /^(is|==)$/.test(comparisonOperator(n)) && comparesWithSentinel(n, name);
}

/** `x`, `x is not None`, `x != ''`. */
function presenceTest(cond: SyntaxNode | undefined, name: string): boolean {
  const n = unwrap(cond);
  if (!n) return false;
  if (n.type === 'identifier') return n.text === name;
  return n.type === 'comparison_operator' && /^(is not|!=)$/.test(comparisonOperator(n)) && comparesWithSentinel(n, name);
}

function comparesWithSentinel(comparison: SyntaxNode, name: string): boolean {
  const [a, b] = comparison.namedChildren;
  return (unwrap(a)?.text === name && isSentinel(b)) || (unwrap(b)?.text === name && isSentinel(a));
}

/**
 * A credential the function reads from the request body (`body['password']`, `form.password.data`,
 * `fields.pop('confirmPassword')`) or requires in it (`'password' in body`): logging the whole body logs it.
 */
function bodyCredential(scope: FunctionScope): string | undefined {
  for (const n of nodesOf(scope, 'subscript', 'call', 'attribute', 'comparison_operator')) {
    if (n.type === 'comparison_operator') {
      const field = requiredField(scope, n);
      if (field) return field;
      continue;
    }
    const cred = credentialTaints(scope, n).find((t) => BODIES.has(t.source.kind));
    if (cred) return describeTaint(cred);
    const field = formPasswordField(n);
    if (field) return `\`${field}\``;
  }
  return undefined;
}

/** `'password' not in body`: the credential field a membership test asks the whole body for. */
function requiredField(scope: FunctionScope, test: SyntaxNode): string | undefined {
  const [field, body] = test.namedChildren;
  const name = stringValue(field);
  if (name === undefined || !/^(in|not in)$/.test(comparisonOperator(test))) return undefined;
  const whole = scope.flow.taintsOf(body).find((t) => BODIES.has(t.source.kind) && t.source.name === undefined && !t.steps.length);
  return whole && isCredential({ source: { ...whole.source, name: name.toLowerCase(), written: name }, steps: [] }) ? `the \`${name}\` field` : undefined;
}

/** A prefix or suffix short enough to identify a key without revealing it (`key[:8]`, `token[-4:]`). */
function masked(t: Taint): boolean {
  return t.steps.some((s) => {
    if (s.op !== 'slice') return false;
    const [start, stop] = sliceBounds(s.node).map((b) => (b?.type === 'unary_operator' ? -(intValue(b.field_('argument')) ?? NaN) : intValue(b)));
    if (stop !== undefined) return (start ?? 0) === 0 && stop <= 8;
    return start !== undefined && start < 0 && start >= -8;
  });
}

/** `token`, `user.api_key`, `config['SECRET_KEY']`, `form.password.data`, inside f-strings and `%`/`+` formatting, not inside other calls. */
function namedSecret(arg: SyntaxNode, scrubbed: ReadonlySet<string>, keys: ReadonlySet<string>): string | undefined {
  const n = unwrap(arg);
  if (!n) return undefined;
  // A WTForms field is named by its field, not by `.data`.
  const field = formPasswordField(n);
  if (field) return `\`${field}\``;
  const environ = environSecret(n);
  if (environ) return environ;
  if (n.type === 'identifier' || n.type === 'attribute' || n.type === 'subscript') return scrubbed.has(n.text) ? undefined : secretTerm(n, keys);
  if (n.type === 'string') {
    for (const i of n.children.filter((c) => c.type === 'interpolation')) {
      const found = namedSecret(i.namedChildren[0]!, scrubbed, keys);
      if (found) return found;
    }
    return undefined;
  }
  if (n.type === 'binary_operator') return namedSecret(n.field_('left')!, scrubbed, keys) ?? namedSecret(n.field_('right')!, scrubbed, keys);
  if (n.type === 'tuple' || n.type === 'list' || n.type === 'dictionary') return n.namedChildren.map((c) => namedSecret(c.type === 'pair' ? c.field_('value')! : c, scrubbed, keys)).find(Boolean);
  const parts = callParts(n);
  if (parts && /^(str|repr|format)$/.test(parts.name ?? parts.callee.field_('attribute')?.text ?? '')) return parts.positional.map((p) => namedSecret(p, scrubbed, keys)).find(Boolean);
  return undefined;
}

/**
 * A name, attribute or item that says it holds a secret or a one-time code (`sms_code`, `reset_code`: a password
 * good for one use), or a local the function signs tokens with.
 */
function secretTerm(n: SyntaxNode, keys: ReadonlySet<string>): string | undefined {
  const name = terminalName(n);
  if ((isSecretName(name) && !namesHash(name)) || isOneTimeCodeName(name)) return `\`${n.text}\``;
  return keys.has(n.text) ? `\`${n.text}\` (the key its JWTs are signed with)` : undefined;
}

/**
 * `hashed_password`, `password_hash`, `token_hash`: a one-way hash kept in place of the secret, which cannot be
 * sent back as the credential (FG208 names the password, the token, the key; a hash is not one).
 */
function namesHash(name: string | undefined): boolean {
  return words(name ?? '').some((w) => w === 'hash' || w === 'hashed');
}

/** The WSGI environ: a middleware's `environ` parameter, or `request.environ`. */
const ENVIRON = /^(environ|wsgi_environ|request\.environ|flask\.request\.environ)$/;

/**
 * `environ.get('HTTP_AUTHORIZATION')`, `request.environ['HTTP_X_API_KEY']`: a credential header as WSGI hands
 * it to middleware, which the request data flow does not see; the whole environ carries every header.
 */
function environSecret(n: SyntaxNode): string | undefined {
  if (ENVIRON.test(dottedName(n) ?? '')) return `\`${n.text}\` (every request header, \`Authorization\` and cookies included)`;
  const parts = n.type === 'call' ? callParts(n) : undefined;
  const receiver = n.type === 'subscript' ? n.field_('value') : parts?.callee.type === 'attribute' && parts.callee.field_('attribute')?.text === 'get' ? parts.callee.field_('object') : undefined;
  if (!receiver || !ENVIRON.test(dottedName(receiver) ?? '')) return undefined;
  const header = /^HTTP_(\w+)$/.exec(stringValue(n.type === 'subscript' ? n.field_('subscript') : parts!.positional[0]) ?? '')?.[1];
  return header && isCredentialWord(header) ? `the \`${header.toLowerCase().replace(/_/g, '-')}\` header (\`${n.text}\`)` : undefined;
}
