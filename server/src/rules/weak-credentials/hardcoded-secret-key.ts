import { environmentDefault, unitConfigWrites, type ConfigWrite } from '../../analysis/config';
import { localAssignments, unitFacts, type ClassFact } from '../../analysis/facts';
import { callParts, lastName, stringValue, unwrap, type CallParts } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { ensureModuleImport } from '../../fixes/imports';
import { jwtCalls, jwtKeyNames, keyArgument, verifiesWithPublicKey, type JwtCall } from './jwt';
import { keyNamesHanded, nameBinding, readsEnvironment, type KeyedCall } from './credentials';
import { settingRead } from './configured';
import { definitionKey, liveFile, scopeAt, unitScopes, type FunctionScope } from './scope';
import { defineRule, type Fix, type Severity } from '../types';

/** Keys whose value signs sessions, tokens or password salts. */
const SECRET_KEYS = new Set(['SECRET_KEY', 'JWT_SECRET_KEY', 'SECURITY_PASSWORD_SALT']);

interface Hardcoded {
  severity: Severity;
  what: string;
  /** The environment variable the value should come from. */
  variable: string;
}

export default defineRule({
  meta: {
    code: 'FG209',
    name: 'hardcoded-secret-key',
    family: 'weak-credentials',
    severity: 'error',
    cwe: [798, 321],
    summary: '`SECRET_KEY`, `JWT_SECRET_KEY` or `SECURITY_PASSWORD_SALT` is written in the source code.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Read it from `os.environ`' },
    docs: {
      whatItDoes:
        'Reports `app.secret_key`, `SECRET_KEY`, `JWT_SECRET_KEY` and `SECURITY_PASSWORD_SALT` set to a string or bytes ' +
        'literal (also literals joined with `+`, or a name assigned from one: a module constant, or a local assigned once) in every configuration form: attribute, `app.config[...]`, ' +
        '`config.update(...)`, `from_mapping(...)` (also of a settings dict passed by name, reported at the call), configuration classes, config modules and module constants named ' +
        '`SECRET_KEY`/`JWT_SECRET_KEY`/`SECURITY_PASSWORD_SALT` in any module; also a literal key handed to `jwt.encode`/`jwt.decode` ' +
        'or to an itsdangerous serializer or signer (`URLSafeTimedSerializer(\'dev\')`), and a constant or configuration ' +
        'setting of any name those take as their key (`Config.JWT_SECRET`, `current_app.config[\'JWT_SECRET\']`). A value from ' +
        '`os.environ`/`os.getenv` without a fallback, a secrets file, or `secrets.token_*` is not reported; a literal ' +
        'fallback (`os.getenv("SECRET_KEY", "dev")`, or a fallback to a constant or an attribute of the same config class ' +
        'that is a literal: `os.getenv("JWT_SECRET_KEY", SECRET_KEY)`) is a warning, and so is a literal default of a pydantic ' +
        '`BaseSettings` field (`secret_key: str = "changeme"`), which the environment overrides when it is set, and a literal ' +
        'in one branch of a conditional (`"dev" if not PRODUCTION else os.environ["SECRET_KEY"]`). Test files are not reported; test ' +
        'configurations are (`TestingConfig`, `settings/testing.py`, `config.update(TESTING=True, ...)`): the class an app ' +
        'loads may set `TESTING = True`, and a key written there is known to everyone with the code all the same.',
      whyIsThisBad:
        'Flask signs the session cookie with `SECRET_KEY`: whoever knows it can forge a session for any user (and ' +
        'Flask-Login\'s remember cookie, CSRF tokens, password reset links). A key in the repository is known to everyone ' +
        'with the code, and keys like "dev" or "change-me" are in every cracking word list. A literal fallback silently ' +
        'becomes the production key the day the variable is missing.',
      example: ['from flask import Flask', '', 'app = Flask(__name__)', "app.secret_key = 'supersecretkey'", ''].join('\n'),
      useInstead: ['import os', '', 'from flask import Flask', '', 'app = Flask(__name__)', "app.secret_key = os.environ['SECRET_KEY']", ''].join('\n'),
      fixSafety:
        'Unsafe: the value becomes `os.environ["SECRET_KEY"]` (adding `import os`), so the app no longer starts until the ' +
        'deployment sets the variable, and sessions signed with the old key become invalid.',
      references: ['https://flask.palletsprojects.com/en/latest/config/#SECRET_KEY', 'https://cwe.mitre.org/data/definitions/798.html'],
    },
  },
  summarize(unit, file) {
    // A constant is a signing key because some unit hands it to `jwt.encode`/`jwt.decode` or an itsdangerous serializer.
    return [...jwtKeyNames(unit, file), ...signerKeyNames(unit, file)].join(',');
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    const writes = unitConfigWrites(unit, ctx.file, ctx.workspace);
    const signing = signingKeys(ctx.workspace);
    const constant = (w: ConfigWrite) => {
      const name = w.node.type === 'assignment' && w.node.field_('left')?.type === 'identifier' ? w.node.field_('left')!.text : undefined;
      return name !== undefined && signing.constants.has(definitionKey(ctx.file, name));
    };
    const secret = (w: ConfigWrite) => SECRET_KEYS.has(w.key) || constant(w);
    // Settings are matched by name in configuration writes only: another module's constant is not the setting.
    const signingSetting = (w: ConfigWrite) => secret(w) || signing.settings.has(w.key);
    const settings = unitFacts(unit).classes.filter((c) => readsEnvironment(ctx.workspace, ctx.file, c, 0));
    for (const w of [...writes.filter(signingSetting), ...moduleConstants(unit, ctx.file, writes).filter(secret)]) {
      // Test code is not the app; a test configuration is (RULES.md exempts it from FG106/FG304, not here): one
      // `TESTING = True` line does not keep the key out of the app that loads the class. Settings fields are defaults (below).
      if (w.inTests || settings.some((c) => c.node.contains(w.node))) continue;
      const className = w.context.kind === 'class' ? w.context.className : undefined;
      const cls = className ? unitFacts(unit).classes.find((c) => c.name === className && c.node.contains(w.node)) : undefined;
      const found = hardcodedSecret(ctx.workspace, w.valueFile ?? ctx.file, w, cls?.attributes);
      if (!found) continue;
      const name = w.node.type === 'assignment' && w.node.field_('left')?.type === 'attribute' ? w.node.field_('left')!.text : w.key;
      ctx.report(ctx.file, w.node, `\`${name}\` ${found.what}, so anyone who has the code can forge what it signs; read it from \`os.environ["${found.variable}"]\` and keep the value out of the repository`, {
        severity: found.severity,
        fixes: () => [environFix(liveFile(ctx.workspace, w.valueFile ?? ctx.file), w.value, found.variable)],
      });
    }
    for (const field of settings.flatMap(literalSecretFields)) {
      ctx.report(ctx.file, field.node, `\`${field.name}\` falls back to the literal ${field.dflt.text} when \`${field.variable}\` is not set in the environment, so anyone who has the code can forge what it signs once it is missing; give the field no default so the app refuses to start without it`, { severity: 'warning' });
    }
    for (const call of jwtCalls(unit, ctx.file, ctx.workspace)) {
      const key = literalKey(call);
      if (!key) continue;
      ctx.report(ctx.file, call.node, `\`${call.parts.name}\` ${call.fn === 'encode' ? 'signs' : 'verifies'} tokens with the literal ${key.text}, so anyone who has the code can forge them; read the key from \`os.environ["JWT_SECRET_KEY"]\` and keep the value out of the repository`, {
        fixes: () => [environFix(liveFile(ctx.workspace, ctx.file), key, 'JWT_SECRET_KEY')],
      });
    }
    for (const signer of itsdangerousSigners(unit, ctx.file, ctx.workspace)) {
      const key = literalIn(unwrap(signerKey(signer)), signer.scope);
      if (!key) continue;
      ctx.report(ctx.file, signer.node, `\`${signer.parts.name}\` signs tokens with the literal ${key.text}, so anyone who has the code can forge them; read the key from \`os.environ["SECRET_KEY"]\` and keep the value out of the repository`, {
        fixes: () => [environFix(liveFile(ctx.workspace, ctx.file), key, 'SECRET_KEY')],
      });
    }
  },
});

interface SignerCall {
  node: SyntaxNode;
  parts: CallParts;
  scope?: FunctionScope;
}

/** The secret key a serializer or signer is built with (first positional or `secret_key=`). */
function signerKey(signer: { parts: CallParts }): SyntaxNode | undefined {
  return signer.parts.positional[0] ?? signer.parts.keywords.get('secret_key');
}

const SIGNER_KEY_NAMES = 'weak-credentials:signer-key-names';

/** Names a unit hands to an itsdangerous serializer or signer as its key, as `jwtKeyNames` does for PyJWT. */
function signerKeyNames(unit: Unit, file: IndexedFile): string[] {
  return keyNamesHanded(unit, file, SIGNER_KEY_NAMES, /Serializer|Signer/, signerKeyedCall, itsdangerousNames);
}

function signerKeyedCall(parts: CallParts): KeyedCall | undefined {
  if (!parts.name || !/(Serializer|Signer)$/.test(lastName(parts.name) ?? '')) return undefined;
  return { via: parts.name.split('.')[0]!, key: signerKey({ parts }) };
}

/** The names a file gives itsdangerous or its modules. */
function itsdangerousNames(file: IndexedFile): Set<string> {
  return new Set(file.facts.imports.filter((i) => i.module === 'itsdangerous' || i.module.startsWith('itsdangerous.')).map((i) => i.local));
}

/** itsdangerous serializers and signers built in a unit (`URLSafeTimedSerializer(key)`, `TimestampSigner(key)`), resolved through imports. */
function itsdangerousSigners(unit: Unit, file: IndexedFile, workspace: Workspace): SignerCall[] {
  // Most statements build no serializer: skip the walk.
  if (!/Serializer|Signer/.test(unit.text)) return [];
  const out: SignerCall[] = [];
  const scopes = unitScopes(unit, file, workspace);
  for (const node of unit.root.find('call')) {
    const parts = callParts(node)!;
    if (!/(Serializer|Signer)$/.test(lastName(parts.name) ?? '')) continue;
    const scope = scopeAt(scopes, node);
    const b = workspace.resolveExpression(file, parts.callee, scope?.fact);
    if (b?.kind === 'external' && /^itsdangerous\./.test(b.qualified)) out.push({ node, parts, ...(scope && { scope }) });
  }
  return out;
}

interface SettingsField {
  name: string;
  /** The environment variable it is read from. */
  variable: string;
  /** The field's assignment. */
  node: SyntaxNode;
  dflt: SyntaxNode;
}

/** Secret fields of a pydantic `BaseSettings` class whose default is a literal: `secret_key: str = 'changeme'`, `Field('dev')`. */
function literalSecretFields(cls: ClassFact): SettingsField[] {
  const out: SettingsField[] = [];
  for (const [name, value] of cls.attributes) {
    const dflt = SECRET_KEYS.has(name.toUpperCase()) ? fieldDefault(unwrap(value)) : undefined;
    if (dflt && stringValue(dflt) && value.parent?.type === 'assignment') out.push({ name, variable: fieldVariable(unwrap(value)) ?? name.toUpperCase(), node: value.parent, dflt });
  }
  return out;
}

/** `Field(..., env='APP_SECRET')` (pydantic 1), `validation_alias=` / `alias=` (pydantic 2): the variable it names. */
function fieldVariable(value: SyntaxNode | undefined): string | undefined {
  const parts = callParts(value);
  const named = parts && (parts.keywords.get('env') ?? parts.keywords.get('validation_alias') ?? parts.keywords.get('alias'));
  return stringValue(named) || undefined;
}

/** The default a field's value gives: the value itself, or what `Field(...)` / `SecretStr(...)` wraps. */
function fieldDefault(value: SyntaxNode | undefined): SyntaxNode | undefined {
  const parts = callParts(value);
  if (!parts) return value;
  return /^(Field|SecretStr|SecretBytes)$/.test(lastName(parts.name) ?? '') ? unwrap(parts.positional[0] ?? parts.keywords.get('default')) : undefined;
}

/** The key of a `jwt.encode`/`jwt.decode` call when it is a literal written there or in a local (an empty key is FG205's). */
function literalKey(call: JwtCall): SyntaxNode | undefined {
  if ((call.fn !== 'encode' && call.fn !== 'decode') || verifiesWithPublicKey(call)) return undefined;
  return literalIn(unwrap(keyArgument(call)), call.scope);
}

/** A key argument that is a literal written there or in the function's one assignment of the local it names. */
function literalIn(key: SyntaxNode | undefined, scope: FunctionScope | undefined): SyntaxNode | undefined {
  if (key?.type === 'identifier' && scope) {
    const local = localAssignments(scope.fact, key.text);
    key = local.length === 1 ? unwrap(local[0]!.value) : undefined;
  }
  return stringValue(key) ? key : undefined;
}

interface SigningKeys {
  /** Module-level constants (by `definitionKey`) handed over by name. */
  constants: Set<string>;
  /** Settings read as the key: `current_app.config['JWT_SECRET']`, or `Config.JWT_SECRET` of a configuration class. */
  settings: Set<string>;
}

const SIGNING_KEYS = new WeakMap<Workspace, { epoch: number; keys: SigningKeys }>();

/** What some `jwt.encode`/`jwt.decode` or itsdangerous serializer in the workspace uses as its (secret) key, whatever it is called. */
function signingKeys(workspace: Workspace): SigningKeys {
  const hit = SIGNING_KEYS.get(workspace);
  if (hit?.epoch === workspace.interfaceEpoch) return hit.keys;
  const keys: SigningKeys = { constants: new Set(), settings: new Set() };
  for (const f of workspace.all()) {
    for (const u of f.source.units) {
      const handed: { key: SyntaxNode | undefined; scope?: FunctionScope }[] = [];
      if (jwtKeyNames(u, f).length) {
        for (const call of jwtCalls(u, f, workspace)) if ((call.fn === 'encode' || call.fn === 'decode') && !verifiesWithPublicKey(call)) handed.push({ key: keyArgument(call), scope: call.scope });
      }
      if (signerKeyNames(u, f).length) for (const signer of itsdangerousSigners(u, f, workspace)) handed.push({ key: signerKey(signer), scope: signer.scope });
      for (const { key, scope } of handed) addSigningKey(keys, workspace, f, unwrap(key), scope);
    }
  }
  SIGNING_KEYS.set(workspace, { epoch: workspace.interfaceEpoch, keys });
  return keys;
}

function addSigningKey(keys: SigningKeys, workspace: Workspace, file: IndexedFile, key: SyntaxNode | undefined, scope: FunctionScope | undefined): void {
  const setting = key && settingRead(key);
  if (setting) keys.settings.add(setting);
  if (key?.type !== 'identifier' && key?.type !== 'attribute') return;
  const b = workspace.resolveExpression(file, key, scope?.fact);
  if (b?.kind !== 'value' || b.fact.scope || b.fact.target.type !== 'identifier') return;
  // A class attribute is a setting when its class is a configuration (only those are configuration writes).
  if (b.fact.className) keys.settings.add(b.fact.target.text);
  else keys.constants.add(definitionKey(b.file, b.fact.target.text));
}

/**
 * Module constants of modules that are not config modules (those are already
 * configuration writes), as writes of their own name: the secrets among them are
 * named as the app's (`SECRET_KEY = '...'` beside `app.config.from_object(__name__)`)
 * or handed to `jwt.encode`/`jwt.decode` as the key under any name (`JWT_SECRET`).
 */
function moduleConstants(unit: SyntaxNode['unit'], file: IndexedFile, writes: ConfigWrite[]): ConfigWrite[] {
  return unitFacts(unit)
    .assignments.filter((a) => !a.scope && !a.className && a.target.type === 'identifier' && !writes.some((w) => w.node === a.node))
    .map((a) => ({ key: a.target.text, value: a.value, node: a.node, context: { kind: 'module' }, inTests: file.inTests }));
}

function hardcodedSecret(workspace: Workspace, file: IndexedFile, w: ConfigWrite, classAttributes: ReadonlyMap<string, SyntaxNode> | undefined): Hardcoded | undefined {
  const value = unwrap(w.value);
  if (!value) return undefined;
  if (literal(workspace, file, value)) return { severity: 'error', what: 'is set to a literal', variable: w.key };
  const held = heldValue(workspace, file, value);
  const fallback = environmentDefault(held.node);
  if (!fallback) return literalBranch(workspace, held.file, held.node, w.key);
  const { variable, dflt } = fallback;
  if (stringValue(dflt)) return { severity: 'warning', what: `falls back to the literal ${dflt.text} when \`${variable}\` is not set`, variable };
  // `os.environ.get('JWT_SECRET_KEY', SECRET_KEY)` beside `SECRET_KEY = 'dev'`: the class body sees its own attributes first.
  const attribute = dflt.type === 'identifier' ? unwrap(classAttributes?.get(dflt.text)) : undefined;
  if (attribute ? literal(workspace, held.file, attribute) : literal(workspace, held.file, dflt)) {
    return { severity: 'warning', what: `falls back to \`${dflt.text}\`, a literal, when \`${variable}\` is not set`, variable };
  }
  return undefined;
}

/**
 * `'dev' if not PRODUCTION else os.environ['SECRET_KEY']`: the key is a literal whenever the condition goes
 * that way, a fallback as `getenv('SECRET_KEY', 'dev')` is (a literal both ways is a literal).
 */
function literalBranch(workspace: Workspace, file: IndexedFile, node: SyntaxNode, key: string): Hardcoded | undefined {
  if (node.type !== 'conditional_expression') return undefined;
  const [whenTrue, condition, whenFalse] = node.namedChildren.filter((c) => c.type !== 'comment').map((c) => unwrap(c)!);
  if (!whenTrue || !condition || !whenFalse) return undefined;
  const [trueLiteral, falseLiteral] = [literal(workspace, file, whenTrue), literal(workspace, file, whenFalse)];
  if (trueLiteral && falseLiteral) return { severity: 'error', what: 'is set to a literal', variable: key };
  if (!trueLiteral && !falseLiteral) return undefined;
  const what = trueLiteral ? `is the literal ${whenTrue.text} when \`${condition.text}\`` : `is the literal ${whenFalse.text} unless \`${condition.text}\``;
  return { severity: 'warning', what, variable: key };
}

/** A non-empty string or bytes literal, literals joined with `+`, `'...'.encode()`, or a name bound once to one. */
function literal(workspace: Workspace, file: IndexedFile, node: SyntaxNode, depth = 0): boolean {
  const v = stringValue(node);
  if (v !== undefined) return v !== '';
  if (node.type === 'binary_operator' && node.field_('operator')?.type === '+') {
    return [node.field_('left'), node.field_('right')].every((side) => !!side && literal(workspace, file, unwrap(side)!, depth + 1));
  }
  const parts = callParts(node);
  if (parts?.callee.type === 'attribute' && parts.callee.field_('attribute')?.text === 'encode') return literal(workspace, file, unwrap(parts.callee.field_('object'))!, depth + 1);
  const bound = depth <= 2 ? boundOnce(workspace, file, node) : undefined;
  return !!bound && literal(workspace, bound.file, bound.node, depth + 1);
}

/** What a name holds, followed through names bound once (`key = getenv('SECRET_KEY', 'dev')`, then `app.secret_key = key`). */
function heldValue(workspace: Workspace, file: IndexedFile, node: SyntaxNode): { file: IndexedFile; node: SyntaxNode } {
  let held = { file, node };
  for (let hops = 0; hops < 3; hops++) {
    const next = boundOnce(workspace, held.file, held.node);
    if (!next) break;
    held = next;
  }
  return held;
}

/** The value of a name where it is read (`nameBinding`), unwrapped. */
function boundOnce(workspace: Workspace, file: IndexedFile, name: SyntaxNode): { file: IndexedFile; node: SyntaxNode } | undefined {
  if (name.type !== 'identifier') return undefined;
  const def = name.ancestor('function_definition');
  const bound = nameBinding(workspace, file, def ? unitFacts(def.unit).functions.find((f) => f.node === def) : undefined, name.text);
  const value = bound && unwrap(bound.node);
  return value && { file: bound.file, node: value };
}

function environFix(file: IndexedFile, value: SyntaxNode, variable: string): Fix {
  const edits: Fix['edits'] = [{ kind: 'replace', file: file.path, start: value.start, end: value.end, text: `os.environ["${variable}"]` }];
  const imp = ensureModuleImport(file, 'os');
  if (imp) edits.push(imp);
  return { title: `Read \`${variable}\` from \`os.environ\``, applicability: 'unsafe', edits };
}

