/**
 * Flask configuration writes in every form RULES.md lists: attribute
 * (`app.debug = True`, `app.secret_key = ...`), item (`app.config['X'] = v`),
 * `config.update(...)` / `from_mapping(...)` (keywords, a dict, or a dict
 * constant passed by name or as `**SETTINGS`), config class attributes, and
 * module-level constants of config modules. Extracted per unit, so rules that
 * read configuration stay incremental.
 */
import * as path from 'node:path';
import { unitFacts, type FunctionFact } from './facts';
import { callParts, comparisonOperator, dottedName, isTrue, lastName, stringValue, unwrap } from './python';
import type { SyntaxNode, Unit } from './syntax';
import type { IndexedFile, Workspace } from './workspace';

export type ConfigContext =
  /** `app.config[...]`, `app.x = ...`, `config.update(...)`. */
  | { kind: 'app' }
  /** An attribute of a configuration class. */
  | { kind: 'class'; className: string; purpose: ConfigPurpose }
  /** A module-level constant in a configuration module (`config.py`, `settings.py`). */
  | { kind: 'module' };

export type ConfigPurpose = 'test' | 'development' | 'production' | 'base';

export interface ConfigWrite {
  /** Upper-case key (`DEBUG`, `SECRET_KEY`); attribute writes map to their key (`debug` → `DEBUG`). */
  key: string;
  value: SyntaxNode;
  /** Where a finding goes: the assignment or the call. */
  node: SyntaxNode;
  context: ConfigContext;
  /** The file is test code (under tests/, test_*.py, conftest.py). */
  inTests: boolean;
  /** Where `value` is written when the call applies a dict defined elsewhere (`config.update(conf.SETTINGS)`); fixes edit there. */
  valueFile?: IndexedFile;
}

/**
 * Calls that switch `TESTING` on beside other settings (`app.config.update(TESTING=True, LOGIN_DISABLED=True)`):
 * a test configuration, as a class with `TESTING = True` is.
 */
export function testConfigCalls(writes: readonly ConfigWrite[]): Set<SyntaxNode> {
  return new Set(writes.filter((w) => w.key === 'TESTING' && w.context.kind === 'app' && isTrue(w.value)).map((w) => w.node));
}

/** `app.config`, `current_app.config`, `config`: the object Flask's settings are read from and written to. */
export function namesAppConfig(dotted: string | undefined): boolean {
  return /(^|\.)config$/.test(dotted ?? '');
}

/** The write sits where test settings live: in test code, a configuration class or a settings module for tests (`TestingConfig`, `config/testing.py`). */
export function inTestSettings(w: ConfigWrite, file: IndexedFile): boolean {
  if (w.inTests) return true;
  if (w.context.kind === 'class') return w.context.purpose === 'test';
  return w.context.kind === 'module' && modulePurpose(file) === 'test';
}

/**
 * The write belongs to a test configuration: it sits where test settings live, or (written on the app) a call
 * switches `TESTING` on beside it or a tests-only `if` holds it.
 */
export function inTestConfiguration(w: ConfigWrite, file: IndexedFile): boolean {
  if (w.inTests || w.context.kind !== 'app') return inTestSettings(w, file);
  return turnsTestingOn(w.node) || underTestingGate(w.node);
}

/** `config.update(TESTING=True, ...)`, `from_mapping({'TESTING': True, ...})`. */
function turnsTestingOn(node: SyntaxNode): boolean {
  const parts = callParts(node);
  return !!parts && [...parts.keywords, ...mappingEntries(parts.positional[0])].some(([key, value]) => key === 'TESTING' && isTrue(value));
}

/** A dict the unit hands to `config.update`/`from_mapping` by name: its entries live in another unit. */
interface AppliedMapping {
  name: string;
  call: SyntaxNode;
  scope?: FunctionFact;
}

interface UnitConfig {
  writes: ConfigWrite[];
  applied: AppliedMapping[];
}

/** Flask app attributes that mirror config keys. */
const ATTRIBUTE_KEYS: Record<string, string> = {
  debug: 'DEBUG', secret_key: 'SECRET_KEY', testing: 'TESTING', permanent_session_lifetime: 'PERMANENT_SESSION_LIFETIME',
};

const MEMO = 'config-writes';
const FOLLOWED = 'config-writes-followed';

/** A settings module by its name, or by a package named for settings below the workspace root (`config/base.py`, `configs/prod.py`). */
export function isConfigModule(file: IndexedFile): boolean {
  const name = path.basename(file.path);
  const parts = file.module.split('.');
  const packages = name === '__init__.py' ? parts : parts.slice(0, -1);
  return /(^|[_-])(config|configs|settings|configuration)([_-]|\.py$)/i.test(name) || packages.some((p) => /^(config|configs|settings|configuration)$/.test(p));
}

/** Words of a configuration's name that say what it is for (`UnitTestConfig`, `local_settings`, `prodconfig`). */
const PURPOSE_WORDS: [RegExp, ConfigPurpose][] = [
  [/^(unit)?(py)?tests?(ing)?$/i, 'test'],
  [/^(dev|devel|develop|developer|development|local|localhost)$/i, 'development'],
  [/^(prod|production|live|release|staging)$/i, 'production'],
];

export function configPurpose(className: string, attributes: Map<string, SyntaxNode>): ConfigPurpose {
  if (unwrap(attributes.get('TESTING'))?.type === 'true') return 'test';
  // Whole words only: `LatestConfig` is not for tests, nor `DeviceConfig` for development.
  const words = className.split(/[_\W]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).map((w) => w.replace(/(config|configuration|settings|conf|cfg)$/i, ''));
  return PURPOSE_WORDS.find(([pattern]) => words.some((w) => pattern.test(w)))?.[1] ?? 'base';
}

/** A settings module's purpose, read as a class's: by its name (`config/testing.py`, `local_settings.py`) or a module-level `TESTING = True`. */
export function modulePurpose(file: IndexedFile): ConfigPurpose {
  const testing = file.facts.assignments.find((a) => !a.scope && !a.className && a.target.type === 'identifier' && a.target.text === 'TESTING');
  return configPurpose(path.basename(file.path, '.py'), new Map(testing ? [['TESTING', testing.value]] : []));
}

/**
 * Config writes in one unit. With the workspace, dicts applied by name
 * (`config.update(SETTINGS)`, `from_mapping(conf.SETTINGS)`,
 * `update(**SETTINGS)`) are followed to their entries; such a write's `node`
 * is the call that applies the dict.
 */
export function unitConfigWrites(unit: Unit, file: IndexedFile, workspace?: Workspace): ConfigWrite[] {
  const local = localConfig(unit, file);
  if (!workspace || !local.applied.length) return local.writes;
  // The dicts sit in other units: what they hold is only as fresh as the workspace generation.
  const hit = unit.memo.get(FOLLOWED) as { generation: number; writes: ConfigWrite[] } | undefined;
  if (hit?.generation === workspace.generation) return hit.writes;
  const writes = [...local.writes];
  for (const applied of local.applied) {
    const b = workspace.resolveDotted(file, applied.name, applied.scope);
    if (b?.kind !== 'value' || b.fact.className || b.fact.target.type !== 'identifier') continue;
    for (const [key, value] of mappingEntries(b.fact.value)) writes.push({ key, value, node: applied.call, context: { kind: 'app' }, inTests: file.inTests, valueFile: b.file });
  }
  unit.memo.set(FOLLOWED, { generation: workspace.generation, writes });
  return writes;
}

function localConfig(unit: Unit, file: IndexedFile): UnitConfig {
  let config = unit.memo.get(MEMO) as UnitConfig | undefined;
  if (config) return config;
  config = { writes: [], applied: [] };
  const { writes, applied } = config;
  const configModule = isConfigModule(file);
  // Kept with the statement, while whether a test-named file is test code turns on other files' imports: read when asked.
  const push = (key: string, value: SyntaxNode, node: SyntaxNode, context: ConfigContext) =>
    writes.push({
      key,
      value,
      node,
      context,
      get inTests() {
        return file.inTests;
      },
    });

  const facts = unitFacts(unit);
  const pushClassWrite = (className: string, key: string, value: SyntaxNode, node: SyntaxNode) => {
    const cls = facts.classes.find((c) => c.name === className && c.node.contains(node));
    // In a settings module every class is a configuration (`class Production(Base)` for `from_object('app.settings.Production')`).
    if (cls && (configModule || isConfigClass(cls.name, cls.bases))) push(key, value, node, { kind: 'class', className: cls.name, purpose: configPurpose(cls.name, cls.attributes) });
  };
  for (const a of facts.assignments) {
    const t = a.target;
    if (t.type === 'subscript' && namesAppConfig(dottedName(t.field_('value')))) {
      const key = stringValue(t.field_('subscript'));
      if (key) push(key, a.value, a.node, { kind: 'app' });
    } else if (t.type === 'attribute') {
      const attr = t.field_('attribute')?.text ?? '';
      const key = ATTRIBUTE_KEYS[attr];
      // `self.DEBUG = True` in a configuration class's `__init__`: an attribute of every instance `from_object` reads.
      const init = a.scope?.name === '__init__' && t.field_('object')?.text === a.scope.params[0] ? a.scope : undefined;
      const className = init && /^[A-Z][A-Z0-9_]*$/.test(attr) ? init.className : undefined;
      if (className) pushClassWrite(className, attr, a.value, a.node);
      else if (key && !a.className) push(key, a.value, a.node, { kind: 'app' });
    } else if (t.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(t.text)) {
      if (a.className) pushClassWrite(a.className, t.text, a.value, a.node);
      else if (!a.scope && configModule) push(t.text, a.value, a.node, { kind: 'module' });
    }
  }
  for (const call of facts.calls) {
    const method = lastName(call.parts.name);
    const receiver = call.parts.callee.type === 'attribute' ? dottedName(call.parts.callee.field_('object')) : undefined;
    if (!receiver || !namesAppConfig(receiver)) continue;
    // `config.setdefault('SECRET_KEY', 'dev')`: the value stands whenever nothing set the key before.
    const defaulted = method === 'setdefault' ? stringValue(call.parts.positional[0]) : undefined;
    if (defaulted && call.parts.positional[1]) push(defaulted, call.parts.positional[1], call.node, { kind: 'app' });
    if (method !== 'update' && method !== 'from_mapping') continue;
    for (const [key, value] of call.parts.keywords) push(key, value, call.node, { kind: 'app' });
    const splats = unwrap(call.node)!.field_('arguments')?.namedChildren.filter((c) => c.type === 'dictionary_splat').map((c) => c.namedChildren[0]) ?? [];
    for (const mapping of [call.parts.positional[0], ...splats]) {
      const entries = mappingEntries(mapping);
      for (const [key, value] of entries) push(key, value, call.node, { kind: 'app' });
      const name = entries.length ? undefined : dottedName(unwrap(mapping));
      if (name) applied.push({ name, call: call.node, ...(call.scope && { scope: call.scope }) });
    }
  }
  unit.memo.set(MEMO, config);
  return config;
}

/** Keys and values of a dict display or of `dict(KEY=...)`, as the old Flask tutorial writes `config.update(dict(...))`. */
function mappingEntries(node: SyntaxNode | undefined): [string, SyntaxNode][] {
  return readMapping(node).entries.filter(([key]) => key !== '');
}

/** `dict(debug=True, port=80)` or `{'debug': True, 'port': 80}`, when it writes every key out (no `**more`, no key computed). */
export function writtenMapping(node: SyntaxNode | undefined): Map<string, SyntaxNode> | undefined {
  const { entries, complete } = readMapping(node);
  return complete ? new Map(entries) : undefined;
}

function readMapping(node: SyntaxNode | undefined): { entries: [string, SyntaxNode][]; complete: boolean } {
  const mapping = unwrap(node);
  const call = callParts(mapping);
  if (call?.name === 'dict') return { entries: [...call.keywords], complete: !call.positional.length && !call.splat };
  if (mapping?.type !== 'dictionary') return { entries: [], complete: false };
  const entries: [string, SyntaxNode][] = [];
  let complete = true;
  for (const pair of mapping.namedChildren) {
    if (pair.type === 'comment') continue;
    const key = pair.type === 'pair' ? stringValue(pair.field_('key')) : undefined;
    const value = pair.field_('value');
    if (key !== undefined && value) entries.push([key, value]);
    else complete = false;
  }
  return { entries, complete };
}

export function isConfigClass(name: string, bases: string[]): boolean {
  return /config|settings/i.test(name) || bases.some((b) => /config|settings/i.test(b));
}

/** `os.environ[...]`, `os.getenv(...)`, `environ.get(...)`, `config('X')` (decouple), `env.str(...)`. */
export function isEnvironmentRead(node: SyntaxNode | undefined): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (n.type === 'subscript') return /(^|\.)environ$/.test(dottedName(n.field_('value')) ?? '');
  const parts = callParts(n);
  if (!parts) return false;
  const name = parts.name ?? '';
  return /(^|\.)(environ\.get|getenv|environ\.setdefault)$/.test(name) || /^(env|environ|config|decouple\.config)(\.(str|bool|int|get))?$/.test(name) || /^env\.\w+$/.test(name);
}

/** The default of an environment read: `os.getenv('X', dflt)`, `os.environ.get('X') or dflt`, `config('X', default=dflt)`. */
export function environmentDefault(node: SyntaxNode): { variable: string; dflt: SyntaxNode } | undefined {
  const or = node.type === 'boolean_operator' && node.children.some((c) => c.type === 'or');
  const read = or ? unwrap(node.field_('left')) : node;
  if (!read || !isEnvironmentRead(read)) return undefined;
  const parts = callParts(read);
  const dflt = unwrap(or ? node.field_('right') : parts && (parts.keywords.get('default') ?? parts.positional[1]));
  const variable = envVariable(read);
  return variable && dflt ? { variable, dflt } : undefined;
}

function envVariable(read: SyntaxNode): string | undefined {
  const parts = callParts(read);
  return stringValue(parts ? parts.positional[0] : read.field_('subscript'));
}

/** The value is computed from the environment somewhere inside (`os.environ.get('X') == '1'`, `bool(int(getenv(...)))`). */
export function derivesFromEnvironment(node: SyntaxNode | undefined): boolean {
  if (!node) return false;
  let found = false;
  node.walk((n) => {
    if (found) return false;
    if (isEnvironmentRead(n)) found = true;
    return undefined;
  });
  return found;
}

/** Environment names that mean "a developer's machine". */
const DEVELOPMENT_NAMES = /^(dev|develop|development|local|test|testing)$/i;
/** Names of a tests-only switch: a factory's `testing` flag, `app.testing`, `config['TESTING']`. */
const TESTING_FLAG = /^(testing|is_testing|test_mode|unit_testing|test_config)$/i;

/** `ENV == 'development'`, `FLASK_ENV in ('dev', 'local')`, `if testing:`, `if app.config.get('TESTING'):`. */
function namesDevelopment(condition: SyntaxNode): boolean {
  const devCompare = condition.find('comparison_operator').some((cmp) => {
    const ops = comparisonOperator(cmp);
    return (ops === '==' || ops === 'in') && cmp.find('string').some((lit) => DEVELOPMENT_NAMES.test(stringValue(lit) ?? ''));
  });
  return devCompare || namesTestingFlag(condition);
}

function namesTestingFlag(condition: SyntaxNode): boolean {
  return condition.find('identifier', 'string').some((n) => TESTING_FLAG.test(n.type === 'string' ? stringValue(n) ?? '' : n.text));
}

/**
 * The write sits in the body of an `if` that the environment decides (`if os.getenv('FLASK_DEBUG'):`)
 * or that holds only on a developer's machine or under tests (`if app.config['ENV'] == 'development':`,
 * `if testing:`): the switch is not on by default.
 */
export function underDevelopmentGate(node: SyntaxNode): boolean {
  return underGate(node, (condition) => derivesFromEnvironment(condition) || (namesDevelopment(condition) && !negatesTestingFlag(condition)));
}

/** The write runs only under tests: `if app.testing:`, `if test_config:`, the `else` of `if test_config is None:`. */
function underTestingGate(node: SyntaxNode): boolean {
  return underGate(node, (condition) => namesTestingFlag(condition) && !negatesTestingFlag(condition));
}

function underGate(node: SyntaxNode, opens: (condition: SyntaxNode) => boolean): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement') continue;
    const condition = parent.field_('condition');
    if (!condition) continue;
    if (child.field === 'consequence' && opens(condition)) return true;
    if (child.type === 'else_clause' && negatesTestingFlag(condition)) return true;
  }
  return false;
}

/** `if test_config is None:`, `if not testing:`: its `else` is what runs under tests (the Flask tutorial's factory). */
function negatesTestingFlag(condition: SyntaxNode): boolean {
  const n = unwrap(condition);
  const flag = (x: SyntaxNode | undefined) => unwrap(x)?.type === 'identifier' && TESTING_FLAG.test(unwrap(x)!.text);
  if (n?.type === 'not_operator') return flag(n.field_('argument'));
  if (n?.type !== 'comparison_operator' || !['is', '=='].includes(comparisonOperator(n))) return false;
  const [left, right] = n.namedChildren;
  return unwrap(right)?.type === 'none' && flag(left);
}
