/**
 * Flask configuration writes in every form RULES.md lists: attribute
 * (`app.debug = True`, `app.secret_key = ...`), item (`app.config['X'] = v`),
 * `config.update(...)` / `from_mapping(...)` (keywords or a dict), config
 * class attributes, and module-level constants of config modules. Extracted
 * per unit, so rules that read configuration stay incremental.
 */
import * as path from 'node:path';
import { unitFacts } from './facts';
import { callParts, dottedName, lastName, stringValue, unwrap } from './python';
import type { SyntaxNode, Unit } from './syntax';
import type { IndexedFile } from './workspace';

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
}

/** Flask app attributes that mirror config keys. */
const ATTRIBUTE_KEYS: Record<string, string> = {
  debug: 'DEBUG', secret_key: 'SECRET_KEY', testing: 'TESTING', permanent_session_lifetime: 'PERMANENT_SESSION_LIFETIME',
};

const MEMO = 'config-writes';

export function isTestFile(filePath: string): boolean {
  const parts = filePath.split(path.sep);
  const base = parts[parts.length - 1] ?? '';
  return parts.some((p) => p === 'tests' || p === 'test' || p === 'testing') || /^(test_.*|.*_test|conftest)\.py$/.test(base);
}

export function isConfigModule(filePath: string): boolean {
  return /(^|[_-])(config|configs|settings|configuration)([_-]|\.py$)/i.test(path.basename(filePath)) || /(^|\/)(config|settings)\//.test(filePath.split(path.sep).join('/'));
}

export function configPurpose(className: string, attributes: Map<string, SyntaxNode>): ConfigPurpose {
  if (/test/i.test(className) || unwrap(attributes.get('TESTING'))?.type === 'true') return 'test';
  if (/dev|local/i.test(className)) return 'development';
  if (/prod|live|release|staging/i.test(className)) return 'production';
  return 'base';
}

/** Config writes in one unit (memoised on the unit). */
export function unitConfigWrites(unit: Unit, file: IndexedFile): ConfigWrite[] {
  let writes = unit.memo.get(MEMO) as ConfigWrite[] | undefined;
  if (writes) return writes;
  writes = [];
  const inTests = isTestFile(file.path);
  const configModule = isConfigModule(file.path);
  const push = (key: string, value: SyntaxNode, node: SyntaxNode, context: ConfigContext) => writes!.push({ key, value, node, context, inTests });

  const facts = unitFacts(unit);
  for (const a of facts.assignments) {
    const t = a.target;
    if (t.type === 'subscript' && /(^|\.)config$/.test(dottedName(t.field_('value')) ?? '')) {
      const key = stringValue(t.field_('subscript'));
      if (key) push(key, a.value, a.node, { kind: 'app' });
    } else if (t.type === 'attribute') {
      const attr = t.field_('attribute')?.text ?? '';
      const key = ATTRIBUTE_KEYS[attr];
      if (key && !a.className) push(key, a.value, a.node, { kind: 'app' });
    } else if (t.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(t.text)) {
      if (a.className) {
        const cls = facts.classes.find((c) => c.name === a.className && c.node.contains(a.node));
        if (cls && isConfigClass(cls.name, cls.bases)) push(t.text, a.value, a.node, { kind: 'class', className: cls.name, purpose: configPurpose(cls.name, cls.attributes) });
      } else if (!a.scope && configModule) push(t.text, a.value, a.node, { kind: 'module' });
    }
  }
  for (const call of facts.calls) {
    const method = lastName(call.parts.name);
    const receiver = call.parts.callee.type === 'attribute' ? dottedName(call.parts.callee.field_('object')) : undefined;
    if ((method === 'update' || method === 'from_mapping') && receiver && /(^|\.)config$/.test(receiver)) {
      for (const [key, value] of call.parts.keywords) push(key, value, call.node, { kind: 'app' });
      const dict = unwrap(call.parts.positional[0]);
      // `config.update(dict(SECRET_KEY=..., DEBUG=...))`, as the old Flask tutorial writes it.
      const dictCall = callParts(dict);
      if (dictCall?.name === 'dict') for (const [key, value] of dictCall.keywords) push(key, value, call.node, { kind: 'app' });
      if (dict?.type === 'dictionary') {
        for (const pair of dict.namedChildren) {
          const key = pair.type === 'pair' ? stringValue(pair.field_('key')) : undefined;
          const value = pair.field_('value');
          if (key && value) push(key, value, call.node, { kind: 'app' });
        }
      }
    }
  }
  unit.memo.set(MEMO, writes);
  return writes;
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
const TESTING_FLAG = /^(testing|is_testing|test_mode|unit_testing)$/i;

/** `ENV == 'development'`, `FLASK_ENV in ('dev', 'local')`, `if testing:`, `if app.config.get('TESTING'):`. */
function namesDevelopment(condition: SyntaxNode): boolean {
  const devCompare = condition.find('comparison_operator').some((cmp) => {
    const ops = cmp.children.filter((c) => !c.named).map((c) => c.text).join(' ');
    return (ops === '==' || ops === 'in') && cmp.find('string').some((lit) => DEVELOPMENT_NAMES.test(stringValue(lit) ?? ''));
  });
  if (devCompare) return true;
  return condition.find('identifier', 'string').some((n) => TESTING_FLAG.test(n.type === 'string' ? stringValue(n) ?? '' : n.text));
}

/**
 * The write sits in the body of an `if` that the environment decides (`if os.getenv('FLASK_DEBUG'):`)
 * or that holds only on a developer's machine or under tests (`if app.config['ENV'] == 'development':`,
 * `if testing:`): the switch is not on by default.
 */
export function underDevelopmentGate(node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement' || child.field !== 'consequence') continue;
    const condition = parent.field_('condition');
    if (condition && (derivesFromEnvironment(condition) || namesDevelopment(condition))) return true;
  }
  return false;
}
