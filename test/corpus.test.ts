/**
 * The acceptance corpus (../shared/corpus), scored by ../shared/tools/score.mjs
 * against the bundled CLI: one scoring run, one test per rule family. The
 * shared folder sits beside the repository, here and in CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers/project';

const shared = path.resolve(REPO_ROOT, '..', 'shared');
const scorer = path.join(shared, 'tools', 'score.mjs');
const cli = path.join(REPO_ROOT, 'dist', 'cli.js');

interface Score {
  precision: number;
  recall: number;
  perRule: Record<string, { tp: number; fp: number; fn: number }>;
  misses: string[];
  extras: string[];
  errors: string[];
}

let all: Score | undefined;

/** Every family is scored in one run of the scorer (it runs the CLI once per corpus case). */
function scoreOnce(): Score {
  return (all ??= score('FG1,FG2,FG3'));
}

/** The score restricted to one family's rules. */
function familyScore(family: string): Score {
  const s = scoreOnce();
  const mine = (line: string) => new RegExp(`\\b${family}\\d{2}\\b`).test(line);
  const perRule = Object.fromEntries(Object.entries(s.perRule).filter(([rule]) => rule.startsWith(family)));
  const tp = Object.values(perRule).reduce((n, r) => n + r.tp, 0);
  const fp = Object.values(perRule).reduce((n, r) => n + r.fp, 0);
  const fn = Object.values(perRule).reduce((n, r) => n + r.fn, 0);
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, perRule, misses: s.misses.filter(mine), extras: s.extras.filter(mine), errors: s.errors };
}

function score(family: string): Score {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flask-guard-corpus-'));
  try {
    const json = path.join(dir, 'score.json');
    const r = spawnSync(process.execPath, [scorer, '--cli', `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)}`, '--json', json, '--min-precision', '1', '--min-recall', '1', '--rules', family], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 600_000,
      maxBuffer: 64 << 20,
    });
    if (r.error) throw r.error;
    // The scorer's own table, for the test log.
    console.log(`# corpus ${family}\n${r.stdout.trim().split('\n').map((l) => `#   ${l}`).join('\n')}`);
    assert.ok(fs.existsSync(json), `score.mjs wrote no result (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
    return JSON.parse(fs.readFileSync(json, 'utf8')) as Score;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function assertPerfect(s: Score, family: string): void {
  assert.deepEqual(s.errors, [], 'cases the CLI failed on');
  assert.deepEqual({ missed: s.misses, falsePositives: s.extras }, { missed: [], falsePositives: [] }, `${family} misses and false positives`);
  assert.equal(s.precision, 1);
  assert.equal(s.recall, 1);
  assert.ok(Object.keys(s.perRule).some((r) => r.startsWith(family)), `the corpus expects no ${family} finding at all: is ${shared} the right folder?`);
}

const missing = !fs.existsSync(scorer) ? `${scorer} not found` : !fs.existsSync(cli) ? 'dist/cli.js not built (node scripts/bundle.mjs)' : false;

test('corpus FG1 (missing authentication): precision and recall 1.000', { skip: missing, timeout: 600_000 }, () => {
  assertPerfect(familyScore('FG1'), 'FG1');
});

test('corpus FG2 (weak token and credential checks): precision and recall 1.000', { skip: missing, timeout: 600_000 }, () => {
  assertPerfect(familyScore('FG2'), 'FG2');
});

test('corpus FG3 (session misuse and insecure design): precision and recall 1.000', { skip: missing, timeout: 600_000 }, () => {
  assertPerfect(familyScore('FG3'), 'FG3');
});
