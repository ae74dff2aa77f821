/**
 * typescript-eslint's RuleTester shape for Flask Guard rules: `valid` cases
 * must produce no finding of the rule, `invalid` cases exactly the listed
 * ones (line, and optionally column and message), and `output` is the file
 * after applying the rule's first fix of each finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyEdits } from '../../server/src/fixes/apply';
import type { Fix, Rule } from '../../server/src/rules/types';
import type { EngineSettings } from '../../server/src/engine/settings';
import { engineFor, locate, ROOT } from '../helpers/engine';

/** A snippet is one `app.py`, or several files (the first is the one checked). */
export type Snippet = string | Record<string, string>;

export interface ValidCase {
  code: Snippet;
  name?: string;
  settings?: Partial<EngineSettings>;
}

export interface ExpectedError {
  line: number;
  column?: number;
  /** Where the squiggle ends (1-based, exclusive), when the case is about the range. */
  endLine?: number;
  endColumn?: number;
  /** Substring (or pattern) of the message. */
  message?: string | RegExp;
  /** File the finding is in, when the snippet has several. */
  file?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** Text of the checked file after applying the first fix of every finding (in one round). */
  output?: string;
  /** Which fixes `output` applies: the first of each finding (default), or those with this title substring. */
  fixTitle?: string;
}

function files(code: Snippet): Record<string, string> {
  return typeof code === 'string' ? { 'app.py': code } : code;
}

function label(c: ValidCase, i: number, kind: string): string {
  const first = Object.values(files(c.code))[0]!.split('\n').find((l) => l.trim() && !l.startsWith('from ') && !l.startsWith('import ')) ?? '';
  return `${kind} ${i + 1}: ${c.name ?? first.trim().slice(0, 60)}`;
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const code = rule.meta.code;
  cases.valid.forEach((c, i) => {
    test(`${code} ${label(c, i, 'valid')}`, async () => {
      const engine = await engineFor(files(c.code), { settings: c.settings ?? {} });
      const found = locate(engine).filter((f) => f.code === code);
      assert.deepEqual(found.map((f) => `${f.name}:${f.line}:${f.column} ${f.message}`), [], 'expected no finding');
    });
  });
  cases.invalid.forEach((c, i) => {
    test(`${code} ${label(c, i, 'invalid')}`, async () => {
      const snippet = files(c.code);
      const engine = await engineFor(snippet, { settings: c.settings ?? {} });
      const found = locate(engine).filter((f) => f.code === code);
      const mainFile = Object.keys(snippet)[0]!;
      assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${found.map((f) => `  ${f.name}:${f.line}:${f.column} ${f.message}`).join('\n')}`);
      c.errors.forEach((e, j) => {
        const f = found[j]!;
        assert.equal(f.name, e.file ?? mainFile, `finding ${j + 1} file`);
        assert.equal(f.line, e.line, `finding ${j + 1} line (${f.message})`);
        if (e.column !== undefined) assert.equal(f.column, e.column, `finding ${j + 1} column`);
        if (e.endLine !== undefined) assert.equal(f.endLine, e.endLine, `finding ${j + 1} end line`);
        if (e.endColumn !== undefined) assert.equal(f.endColumn, e.endColumn, `finding ${j + 1} end column`);
        if (typeof e.message === 'string') assert.ok(f.message.includes(e.message), `message "${f.message}" should contain "${e.message}"`);
        else if (e.message) assert.match(f.message, e.message);
      });
      if (c.output !== undefined) {
        const fixes: Fix[] = found.map((f) => (c.fixTitle ? f.fixes.find((x) => x.title.includes(c.fixTitle!)) : f.fixes[0])).filter((x): x is Fix => !!x);
        const target = path.join(ROOT, mainFile);
        const edits = fixes.flatMap((x) => x.edits).filter((e) => e.file === target);
        assert.equal(applyEdits(snippet[mainFile]!, edits), c.output);
      }
    });
  });
}
