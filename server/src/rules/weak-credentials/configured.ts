/**
 * Settings a credential is checked against (`current_app.config['API_KEY']`):
 * which configuration keys the workspace only ever sets to literals. A key set
 * from the environment anywhere, or an app that may load its settings from a
 * file, leaves the value to the deployment.
 */
import { inTestSettings, namesAppConfig, unitConfigWrites } from '../../analysis/config';
import { unitFacts } from '../../analysis/facts';
import { callParts, dottedName, lastName, stringValue, unwrap } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { isSentinel } from './credentials';

/** Config loaders that read the settings from a file or the environment at start-up. */
const FILE_LOADERS = /^(from_pyfile|from_envvar|from_file|from_json|from_toml|from_prefixed_env)$/;

interface UnitSettings {
  /** Per key written in the unit: whether every write is a literal. */
  literal: Map<string, boolean>;
  loadsFile: boolean;
}

const MEMO = 'weak-credentials:settings';

/** What one unit sets (its test configurations left out): memoised on the unit. */
function unitSettings(unit: Unit, file: IndexedFile): UnitSettings {
  let hit = unit.memo.get(MEMO) as UnitSettings | undefined;
  if (hit) return hit;
  hit = { literal: new Map(), loadsFile: false };
  for (const w of unitConfigWrites(unit, file)) {
    if (inTestSettings(w, file)) continue;
    hit.literal.set(w.key, (hit.literal.get(w.key) ?? true) && isLiteral(w.value));
  }
  hit.loadsFile = unitFacts(unit).calls.some((c) => namesAppConfig(receiverOf(c.parts.callee)) && FILE_LOADERS.test(lastName(c.parts.name) ?? ''));
  unit.memo.set(MEMO, hit);
  return hit;
}

/** `'abc123'`, `b'k'`, a string built from literals; `None` or `''` says "not set here". */
function isLiteral(value: SyntaxNode): boolean {
  const n = unwrap(value);
  return !!n && stringValue(n) !== undefined && !isSentinel(n);
}

function receiverOf(callee: SyntaxNode): string | undefined {
  return callee.type === 'attribute' ? dottedName(callee.field_('object')) : undefined;
}

/** For the unit's interface: what it sets decides how other units' comparisons with those settings read. */
export function settingsSummary(unit: Unit, file: IndexedFile): string {
  const s = unitSettings(unit, file);
  return [...s.literal].map(([key, literal]) => `${key}=${literal ? 'literal' : 'other'}`).join(',') + (s.loadsFile ? ',<file>' : '');
}

interface WorkspaceSettings {
  epoch: number;
  literalKeys: Set<string>;
}

const PER_WORKSPACE = new WeakMap<Workspace, WorkspaceSettings>();

/** Keys set only to literals, outside tests, in an app that loads no settings file; kept per interface epoch. */
function literalKeys(workspace: Workspace): Set<string> {
  const hit = PER_WORKSPACE.get(workspace);
  if (hit?.epoch === workspace.interfaceEpoch) return hit.literalKeys;
  const literal = new Map<string, boolean>();
  let loadsFile = false;
  for (const file of workspace.all()) {
    for (const unit of file.source.units) {
      const s = unitSettings(unit, file);
      loadsFile ||= s.loadsFile;
      for (const [key, lit] of s.literal) literal.set(key, (literal.get(key) ?? true) && lit);
    }
  }
  const keys = loadsFile ? new Set<string>() : new Set([...literal].filter(([, lit]) => lit).map(([key]) => key));
  PER_WORKSPACE.set(workspace, { epoch: workspace.interfaceEpoch, literalKeys: keys });
  return keys;
}

/** The key of a settings read: `current_app.config['API_KEY']`, `app.config.get('API_KEY')`. */
export function settingRead(expr: SyntaxNode): string | undefined {
  if (expr.type === 'subscript') return namesAppConfig(dottedName(expr.field_('value'))) ? stringValue(expr.field_('subscript')) : undefined;
  const parts = callParts(expr);
  if (!parts || lastName(parts.name) !== 'get') return undefined;
  return namesAppConfig(receiverOf(parts.callee)) ? stringValue(parts.positional[0]) : undefined;
}

/** `current_app.config['API_KEY']` where the app only ever sets `API_KEY` to a literal: how to describe it. */
export function literalSetting(workspace: Workspace, expr: SyntaxNode): string | undefined {
  const key = settingRead(expr);
  return key && literalKeys(workspace).has(key) ? `\`${expr.text}\`, a setting assigned from a literal` : undefined;
}
