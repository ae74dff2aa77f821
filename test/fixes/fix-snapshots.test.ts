/**
 * Every fix of every rule, applied to the rule's documented example: a
 * snapshot of the edit, the result parses without ERROR nodes and compiles
 * with Debian's Python, the finding is gone and no new finding appears.
 * Set UPDATE_SNAPSHOTS=1 to rewrite the snapshots; obsolete ones fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { loadPythonParser } from '../../server/src/analysis/parser';
import { applyToFiles } from '../../server/src/fixes/apply';
import { ALL_RULES } from '../../server/src/rules';
import type { Finding } from '../../server/src/rules/types';
import { ROOT, engineFor, locate } from '../helpers/engine';
import { compileAll } from '../helpers/python';

const SNAPSHOTS = path.resolve(__dirname, '../../../test/fixes/__snapshots__');
const update = process.env['UPDATE_SNAPSHOTS'] === '1';

function exampleFiles(rule: (typeof ALL_RULES)[number]): Record<string, string> {
  return { 'app.py': rule.meta.docs.example, ...(rule.meta.docs.files ?? {}) };
}

const key = (f: Finding) => `${f.code} ${path.relative(ROOT, f.file)} ${f.message}`;

for (const rule of ALL_RULES.filter((r) => r.meta.fix.availability !== 'none')) {
  test(`${rule.meta.code} fixes on its documented example`, async () => {
    const files = exampleFiles(rule);
    const engine = await engineFor(files);
    const before = locate(engine);
    const own = before.filter((f) => f.code === rule.meta.code && f.fixes.length);
    assert.ok(own.length, `${rule.meta.code}'s example should offer a fix (fix.availability is ${rule.meta.fix.availability})`);
    const parser = await loadPythonParser();
    const snapshot: string[] = [];
    for (const finding of own) {
      for (const fix of finding.fixes) {
        assert.equal(fix.applicability === 'safe' || fix.applicability === 'unsafe', true);
        const texts = applyToFiles(fix.edits, (f) => files[path.relative(ROOT, f)]);
        const after = { ...files };
        snapshot.push(`## ${fix.title} (${fix.applicability})`);
        for (const [file, text] of texts) {
          const rel = path.relative(ROOT, file);
          snapshot.push(createTwoFilesPatch(`a/${rel}`, `b/${rel}`, files[rel] ?? '', text, undefined, undefined, { context: 2 }).split('\n').slice(2).join('\n'));
          after[rel] = text;
          const tree = parser.parser.parse(text)!;
          assert.equal(tree.rootNode.hasError, false, `${fix.title}: ${rel} has a syntax error after the fix:\n${text}`);
          tree.delete();
        }
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fg-fix-'));
        try {
          for (const [rel, text] of Object.entries(after)) {
            fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
            fs.writeFileSync(path.join(dir, rel), text);
          }
          assert.deepEqual(compileAll(dir), [], `${fix.title}: py_compile`);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        const fixed = locate(await engineFor(after));
        assert.ok(!fixed.some((f) => key(f) === key(finding)), `${fix.title}: the finding is still there`);
        const beforeKeys = new Set(before.map(key));
        const added = fixed.filter((f) => !beforeKeys.has(key(f)) && f.code !== finding.code);
        assert.deepEqual(added.map(key), [], `${fix.title}: new findings appeared`);
      }
    }
    const file = path.join(SNAPSHOTS, `${rule.meta.code}.snap`);
    const text = snapshot.join('\n') + '\n';
    if (update || !fs.existsSync(file)) {
      fs.mkdirSync(SNAPSHOTS, { recursive: true });
      fs.writeFileSync(file, text);
    } else assert.equal(text, fs.readFileSync(file, 'utf8'), `snapshot ${file} differs (UPDATE_SNAPSHOTS=1 to accept)`);
  });
}

test('no obsolete fix snapshots', () => {
  const withFixes = new Set(ALL_RULES.filter((r) => r.meta.fix.availability !== 'none').map((r) => `${r.meta.code}.snap`));
  const obsolete = fs.existsSync(SNAPSHOTS) ? fs.readdirSync(SNAPSHOTS).filter((f) => !withFixes.has(f)) : [];
  assert.deepEqual(obsolete, [], 'snapshots of rules without fixes');
});
