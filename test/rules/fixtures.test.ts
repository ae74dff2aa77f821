/**
 * One annotated fixture per code (test/fixtures/<family>/<CODE>.py): a line
 * that must be reported ends with `# error: [rule-name]` (several names
 * comma-separated; prose may follow the bracket). Every finding of the
 * fixture's family must be annotated and every annotation found, so the
 * comments cannot drift from what the analyser does.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/rules';
import { findingsFor } from '../helpers/engine';
import { REPO_ROOT } from '../helpers/project';

const fixtures = path.join(REPO_ROOT, 'test', 'fixtures');
const ANNOTATION = /#\s*error:\s*\[([^\]]+)\]/;

/** `line name` for every annotation of a fixture. */
function annotations(text: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    const m = ANNOTATION.exec(line);
    return m ? m[1]!.split(',').map((name) => `${i + 1} ${name.trim()}`) : [];
  });
}

const families = [...new Set(ALL_RULES.map((r) => r.meta.family))];

for (const family of families) {
  const rules = ALL_RULES.filter((r) => r.meta.family === family);
  const names = new Set(rules.map((r) => r.meta.name));
  describe(`fixtures: ${family}`, () => {
    for (const rule of rules) {
      const file = path.join(fixtures, family, `${rule.meta.code}.py`);
      const missing = !fs.existsSync(file);
      test(`${rule.meta.code} ${rule.meta.name}: annotations match the findings`, { todo: missing && `no ${path.relative(REPO_ROOT, file)} yet` }, async () => {
        const text = fs.readFileSync(file, 'utf8');
        const expected = annotations(text);
        assert.ok(expected.some((a) => a.endsWith(` ${rule.meta.name}`)), `the fixture has no line annotated [${rule.meta.name}]`);
        for (const a of expected) assert.ok(names.has(a.split(' ')[1]!), `unknown rule name in "# error: [${a.split(' ')[1]}]" (line ${a.split(' ')[0]})`);
        // Analysed under its own name, outside any tests/ folder, alone.
        const found = (await findingsFor({ [`${rule.meta.code}.py`]: text })).filter((f) => names.has(ALL_RULES.find((r) => r.meta.code === f.code)!.meta.name));
        const actual = [...new Set(found.map((f) => `${f.line} ${ALL_RULES.find((r) => r.meta.code === f.code)!.meta.name}`))];
        const byLine = (a: string, b: string) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
        assert.deepEqual(actual.sort(byLine), [...expected].sort(byLine));
      });
    }
  });
}

test('every fixture file is named for a rule code', () => {
  const codes = new Set(ALL_RULES.map((r) => `${r.meta.family}/${r.meta.code}.py`));
  const stray = fs.existsSync(fixtures)
    ? fs.readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => fs.readdirSync(path.join(fixtures, d.name)).map((f) => `${d.name}/${f}`)).filter((f) => f.endsWith('.py') && !codes.has(f))
    : [];
  assert.deepEqual(stray, []);
});
