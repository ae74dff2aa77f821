/**
 * Baselines: adopting `check` on an app with known findings without failing CI
 * on them. A finding is known by its rule, its file (relative to the project
 * root) and its message, which names the route or setting, so it stays known
 * while lines move; each baseline entry accounts for one finding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { byCodeUnits } from '../analysis/order';
import type { Finding } from '../rules/types';

const VERSION = 1;

interface Entry {
  code: string;
  file: string;
  message: string;
}

export type Baseline = Map<string, number>;

function keyOf(e: Entry): string {
  return `${e.code}\u0000${e.file}\u0000${e.message}`;
}

function entryOf(f: Finding, root: string): Entry {
  return { code: f.code, file: path.relative(root, f.file).split(path.sep).join('/'), message: f.message };
}

/** The file's entries, or a one-line error naming it. */
export function readBaseline(file: string): { baseline: Baseline } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file; write one with --write-baseline' : (e as Error).message;
    return { error: `baseline ${file}: ${reason}` };
  }
  const findings = (data as { version?: unknown; findings?: unknown })?.findings;
  if ((data as { version?: unknown })?.version !== VERSION || !Array.isArray(findings) || !findings.every(isEntry)) {
    return { error: `baseline ${file}: not a Flask Guard baseline (write one with --write-baseline)` };
  }
  const baseline: Baseline = new Map();
  for (const e of findings) baseline.set(keyOf(e), (baseline.get(keyOf(e)) ?? 0) + 1);
  return { baseline };
}

function isEntry(x: unknown): x is Entry {
  const e = x as Entry;
  return typeof e?.code === 'string' && typeof e.file === 'string' && typeof e.message === 'string';
}

/** The baseline's text for these findings: sorted, so that it diffs well under version control. */
export function baselineText(findings: readonly Finding[], root: string): string {
  const entries = findings.map((f) => entryOf(f, root)).sort((a, b) => byCodeUnits(keyOf(a), keyOf(b)));
  return JSON.stringify({ version: VERSION, findings: entries }, null, 2) + '\n';
}

/** The findings the baseline does not account for, how many it did, and how many of its entries are gone (fixed). */
export function againstBaseline<T extends { finding: Finding }>(items: readonly T[], baseline: Baseline, root: string): { fresh: T[]; known: number; gone: number } {
  const left = new Map(baseline);
  const fresh: T[] = [];
  for (const item of items) {
    const key = keyOf(entryOf(item.finding, root));
    const n = left.get(key) ?? 0;
    if (n > 0) left.set(key, n - 1);
    else fresh.push(item);
  }
  let gone = 0;
  for (const n of left.values()) gone += n;
  return { fresh, known: items.length - fresh.length, gone };
}
