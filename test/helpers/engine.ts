/** In-memory projects for tests: files under a virtual root, analysed by the real engine. */
import * as path from 'node:path';
import { loadPythonParser } from '../../server/src/analysis/parser';
import { Engine } from '../../server/src/engine/engine';
import { defaultSettings, mergeSettings, type EngineSettings } from '../../server/src/engine/settings';
import { ALL_RULES } from '../../server/src/rules';
import type { Finding, Rule } from '../../server/src/rules/types';

export const ROOT = path.resolve('/virtual/project');

export async function engineFor(files: Record<string, string>, options: { rules?: readonly Rule[]; settings?: Partial<EngineSettings> } = {}): Promise<Engine> {
  const parser = await loadPythonParser();
  const engine = new Engine(parser, ROOT, options.rules ?? ALL_RULES, mergeSettings(defaultSettings(), options.settings ?? {}));
  failOnRuleError(engine);
  for (const [name, text] of Object.entries(files)) engine.setFile(path.join(ROOT, name), text, true);
  return engine;
}

/** Users get a log line and the other rules' findings; a test gets the failure: a rule that throws is a defect. */
export function failOnRuleError(engine: Engine): Engine {
  engine.onRuleError = (rule, file, error) => {
    throw new Error(`${rule} threw on ${file}`, { cause: error });
  };
  return engine;
}

export interface LocatedFinding extends Finding {
  /** Workspace-relative file name. */
  name: string;
  /** 1-based, as editors and the corpus count. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** All findings, with 1-based positions, sorted by file and offset. */
export function locate(engine: Engine, results = engine.analyze()): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  for (const [file, findings] of results) {
    const lines = engine.workspace.get(file)!.source.lineIndex;
    for (const f of findings) {
      const pos = lines.position(f.start);
      const end = lines.position(f.end);
      // `fixes` is a getter (built when read): keep it live on the copy.
      const located = { ...f, name: path.relative(ROOT, file), line: pos.line + 1, column: pos.character + 1, endLine: end.line + 1, endColumn: end.character + 1 } as LocatedFinding;
      Object.defineProperty(located, 'fixes', { get: () => f.fixes, enumerable: false });
      out.push(located);
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.start - b.start);
}

export async function findingsFor(files: Record<string, string>, options: Parameters<typeof engineFor>[1] = {}): Promise<LocatedFinding[]> {
  const engine = await engineFor(files, options);
  try {
    return locate(engine);
  } finally {
    for (const f of engine.workspace.all()) f.source.dispose();
  }
}
