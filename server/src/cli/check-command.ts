/** `flask-guard check`: analyse paths, print findings, optionally apply fixes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { byCodeUnits } from '../analysis/order';
import type { Engine } from '../engine/engine';
import { applyToFiles, selectFixes } from '../fixes/apply';
import { ALL_RULES } from '../rules';
import type { Severity } from '../rules/types';
import { againstBaseline, baselineText, readBaseline } from './baseline';
import { ExitCode, type CliIO } from './io';
import { loadForCommand } from './load';
import { githubReport, jsonReport, textReport, type Located } from './report-formats';
import { toSarif, type RuleError } from './sarif';
import { VERSION } from './version';

export const checkUsage = `usage: flask-guard check [PATHS...] [options]
  --format text|json|sarif|github   output format (default text; github: Actions annotations)
  --output FILE               write the report to FILE instead of stdout
  --fail-on error|warning|info|never   exit 1 when a finding reaches this severity (default error)
  --exclude GLOB              skip matching files (repeatable; .git, venv, .venv, node_modules,
                              site-packages and migrations are always skipped)
  --fix                       apply safe fixes
  --unsafe-fixes              with --fix, also apply fixes that change behaviour
  --diff                      print the fixes as a unified diff and write nothing
  --write-baseline FILE       record the current findings in FILE (exit 0)
  --baseline FILE             report only findings FILE does not record
exit status: 0 clean, 1 a finding reached --fail-on, 2 usage error, 3 incomplete (a rule failed)
`;

const RANK: Record<Severity | 'never', number> = { error: 3, warning: 2, info: 1, hint: 0, never: Infinity };
const MAX_FIX_ROUNDS = 10;

class UsageError extends Error {}

export async function runCheckCommand(argv: string[], io: CliIO): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parse(argv));
    if (!['text', 'json', 'sarif', 'github'].includes(values.format)) throw new UsageError(`--format must be text, json, sarif or github (got "${values.format}")`);
    if (!(values['fail-on'] in RANK) || values['fail-on'] === 'hint') throw new UsageError(`--fail-on must be error, warning, info or never (got "${values['fail-on']}")`);
    if (values['unsafe-fixes'] && !values.fix && !values.diff) throw new UsageError('--unsafe-fixes goes with --fix or --diff');
    if (values['write-baseline'] && (values.baseline || values.diff)) throw new UsageError('--write-baseline goes without --baseline and --diff');
  } catch (e) {
    io.stderr(`flask-guard check: ${(e as Error).message}\n\n${checkUsage}`);
    return ExitCode.usage;
  }
  // Read before the analysis: a bad baseline is a usage error, not a wasted run.
  const baseline = values.baseline === undefined ? undefined : readBaseline(path.resolve(io.cwd, values.baseline));
  if (baseline && 'error' in baseline) {
    io.stderr(`flask-guard: ${baseline.error}\n`);
    return ExitCode.usage;
  }

  const project = await loadForCommand(io, positionals, values.exclude);
  if (!project) return ExitCode.usage;
  const engine = project.engine;
  // A rule that fails leaves its findings out: CI must not read that as a pass.
  const ruleErrors: RuleError[] = [];
  engine.onRuleError = (rule, file, error) => {
    const message = (error as Error)?.message ?? String(error);
    if (!ruleErrors.some((e) => e.rule === rule && e.file === file && e.message === message)) ruleErrors.push({ rule, file, message });
  };
  engine.onFixError = (rule, file, error) => {
    io.stderr(`flask-guard: internal error building ${rule}'s fix on ${path.relative(io.cwd, file) || file}: ${(error as Error)?.message ?? String(error)} (the finding is reported without it)\n`);
  };

  if (values.fix || values.diff) {
    const changed = fixAll(engine, values['unsafe-fixes'] ? 'unsafe' : 'safe');
    for (const [file, { before, after }] of changed) {
      if (values.diff) {
        const rel = path.relative(io.cwd, file);
        io.stdout(createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before, after));
      } else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, after);
      }
    }
    if (values.diff) return changed.size ? ExitCode.findings : ExitCode.ok;
    io.stderr(`flask-guard: fixed ${changed.size} file${changed.size === 1 ? '' : 's'}\n`);
  }

  const results = engine.analyze();
  const found: Located[] = [];
  for (const [file, findings] of results) {
    const lines = engine.workspace.get(file)!.source.lineIndex;
    for (const f of findings) found.push({ finding: f, lines });
  }
  found.sort((a, b) => byCodeUnits(a.finding.file, b.finding.file) || a.finding.start - b.finding.start);

  for (const e of ruleErrors) {
    const where = e.file ? path.relative(io.cwd, e.file) || e.file : 'the project';
    io.stderr(`flask-guard: internal error in ${e.rule} on ${where}: ${e.message} (its findings there are missing)\n`);
  }
  if (values['write-baseline']) {
    const problem = writeReport(io, values['write-baseline'], baselineText(found.map((x) => x.finding), project.root));
    if (problem) return problem;
    io.stderr(`flask-guard: recorded ${found.length} finding${found.length === 1 ? '' : 's'} in ${values['write-baseline']}\n`);
    return ruleErrors.length ? ExitCode.internal : ExitCode.ok;
  }
  const split = baseline ? againstBaseline(found, baseline.baseline, project.root) : undefined;
  const all = split ? split.fresh : found;

  const report =
    values.format === 'sarif' ? JSON.stringify(toSarif(ALL_RULES, project.root, all, VERSION, { ruleErrors, baselined: !!split }), null, 2) + '\n'
    : values.format === 'json' ? jsonReport(all)
    : values.format === 'github' ? githubReport(all, io.cwd)
    : textReport(all, io.cwd, { files: engine.workspace.size, ...(split && { baseline: split }) });
  if (values.output) {
    const problem = writeReport(io, values.output, report);
    if (problem) return problem;
  } else io.stdout(report);
  if (ruleErrors.length) return ExitCode.internal;
  const threshold = RANK[values['fail-on'] as Severity | 'never'];
  return all.some((x) => RANK[x.finding.severity] >= threshold) ? ExitCode.findings : ExitCode.ok;
}

/** Writes a report or baseline; a failure is a one-line error and the usage exit code. */
function writeReport(io: CliIO, file: string, text: string): number | undefined {
  try {
    fs.writeFileSync(path.resolve(io.cwd, file), text);
    return undefined;
  } catch (e) {
    io.stderr(`flask-guard: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return ExitCode.usage;
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        'fail-on': { type: 'string', default: 'error' },
        exclude: { type: 'string', multiple: true, default: [] },
        fix: { type: 'boolean', default: false },
        'unsafe-fixes': { type: 'boolean', default: false },
        diff: { type: 'boolean', default: false },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Applies fixes round by round (each round re-analyses) until none apply; returns before/after per file. */
export function fixAll(engine: Engine, level: 'safe' | 'unsafe'): Map<string, { before: string; after: string }> {
  const changed = new Map<string, { before: string; after: string }>();
  // A finding that survives its own fix must not get the fix again next round.
  const applied = new Set<string>();
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const offered = [...engine.analyze().values()].flat().flatMap((f) =>
      f.fixes.filter((x) => level === 'unsafe' || x.applicability === 'safe').map((fix) => ({ fix, key: `${f.code}|${f.file}|${f.message}|${fix.title}` })),
    );
    const fresh = offered.filter((o) => !applied.has(o.key));
    const { chosen, edits } = selectFixes(fresh.map((o) => o.fix));
    for (const o of fresh) if (chosen.includes(o.fix)) applied.add(o.key);
    if (!chosen.length) break;
    const texts = applyToFiles([...edits.values()].flat(), (file) => engine.workspace.get(file)?.source.text);
    for (const [file, after] of texts) {
      const before = engine.workspace.get(file)?.source.text ?? '';
      if (after === before) continue;
      changed.set(file, { before: changed.get(file)?.before ?? before, after });
      engine.setFile(file, after, false);
    }
  }
  return changed;
}
