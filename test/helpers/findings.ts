/** Compact views of findings for assertions outside the rule tester (known gaps, cross-rule cases). */
import type { EngineSettings } from '../../server/src/engine/settings';
import { findingsFor } from './engine';

/** `app.py:9 FG101` for every finding of the given codes (all codes when none given). */
export async function findingLines(files: Record<string, string> | string, codes: string[] = [], settings: Partial<EngineSettings> = {}): Promise<string[]> {
  const found = await findingsFor(typeof files === 'string' ? { 'app.py': files } : files, { settings });
  return found.filter((f) => !codes.length || codes.includes(f.code)).map((f) => `${f.name}:${f.line} ${f.code}`);
}
