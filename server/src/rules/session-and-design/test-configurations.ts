/**
 * RULES.md exempts test configurations from FG304-FG306, but a setting a test configuration class holds is served
 * by every configuration that inherits it: `class ProductionConfig(TestConfig)` runs in production with
 * `TestConfig`'s `SESSION_COOKIE_SECURE = False`.
 */
import type { ClassFact } from '../../analysis/facts';
import { configPurpose, inTestConfiguration, type ConfigWrite } from '../../analysis/config';
import { pushTo } from '../../analysis/multimap';
import type { IndexedFile, Workspace } from '../../analysis/workspace';

interface Heir {
  file: IndexedFile;
  cls: ClassFact;
}

/** Classes by the last part of each base they name, over the workspace; kept while its interface (class headers among it) stands. */
const HEIRS = new WeakMap<Workspace, { epoch: number; byBase: Map<string, Heir[]> }>();

function heirsByBase(workspace: Workspace): Map<string, Heir[]> {
  const hit = HEIRS.get(workspace);
  if (hit?.epoch === workspace.interfaceEpoch) return hit.byBase;
  const byBase = new Map<string, Heir[]>();
  for (const file of workspace.all()) {
    if (file.inTests) continue;
    for (const cls of file.facts.classes) {
      for (const base of cls.bases) {
        const last = base.slice(base.lastIndexOf('.') + 1);
        pushTo(byBase, last, { file, cls });
      }
    }
  }
  HEIRS.set(workspace, { epoch: workspace.interfaceEpoch, byBase });
  return byBase;
}

/**
 * The production or base configuration that inherits `key` from `cls` without setting it again, through
 * intermediate classes (`Production(Staging(Testing))`).
 */
function servingHeir(workspace: Workspace, cls: ClassFact, key: string, depth = 0): ClassFact | undefined {
  if (depth > 4) return undefined;
  for (const heir of heirsByBase(workspace).get(cls.name) ?? []) {
    if (heir.cls.attributes.has(key)) continue;
    const inherits = heir.cls.bases.some((b) => {
      const bound = workspace.resolveDotted(heir.file, b, heir.cls.enclosing);
      return bound?.kind === 'class' && bound.fact === cls;
    });
    if (!inherits) continue;
    const purpose = configPurpose(heir.cls.name, heir.cls.attributes);
    if (purpose === 'production' || purpose === 'base') return heir.cls;
    const further = servingHeir(workspace, heir.cls, key, depth + 1);
    if (further) return further;
  }
  return undefined;
}

/** The configuration class a test configuration's write reaches production through, if any. */
export function inheritedBy(w: ConfigWrite, file: IndexedFile, workspace: Workspace): ClassFact | undefined {
  if (w.context.kind !== 'class' || w.inTests) return undefined;
  const { className } = w.context;
  const cls = file.facts.classes.find((c) => c.name === className && c.node.contains(w.node));
  return cls && servingHeir(workspace, cls, w.key);
}

/** A test configuration's write that no production or base configuration inherits: RULES.md's exemption. */
export function onlyInTestConfiguration(w: ConfigWrite, file: IndexedFile, workspace: Workspace): boolean {
  return inTestConfiguration(w, file) && !inheritedBy(w, file, workspace);
}

/** Names the configuration a test configuration's setting reaches, for a finding on it: it is not where one looks. */
export function inheritanceNote(w: ConfigWrite, file: IndexedFile, workspace: Workspace): string {
  const heir = inTestConfiguration(w, file) ? inheritedBy(w, file, workspace) : undefined;
  return heir ? ` (\`${heir.name}\` inherits it from this test configuration)` : '';
}
