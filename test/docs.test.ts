/**
 * Every rule's documentation is true and complete: its "Example" is flagged
 * by the rule, its "Use instead" is not, the page has every section, and
 * the committed docs/rules pages are what scripts/gen-docs.mjs writes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../server/src/rules';
import { docsUrl, ruleMarkdown, rulesTable } from '../server/src/rules/docs';
import type { Rule } from '../server/src/rules/types';
import { findingsFor } from './helpers/engine';
import { REPO_ROOT } from './helpers/project';

const repoRoot = path.resolve(__dirname, '..', '..');
const rulesSource = path.join(repoRoot, 'server', 'src', 'rules');
const rulesCompiled = path.join(repoRoot, 'out', 'server', 'src', 'rules');
const docsDir = path.join(repoRoot, 'docs', 'rules');

const FAMILY_OF_PREFIX: Record<string, Rule['meta']['family']> = { FG1: 'missing-authentication', FG2: 'weak-credentials', FG3: 'session-and-design' };

/** The docs snippet as `app.py`, beside the extra files the docs name. */
function snippet(rule: Rule, code: string): Record<string, string> {
  return { 'app.py': code, ...(rule.meta.docs.files ?? {}) };
}

for (const rule of ALL_RULES) {
  const { meta } = rule;
  describe(`${meta.code} ${meta.name} docs`, () => {
    test('"Example" is flagged by the rule', async () => {
      const found = (await findingsFor(snippet(rule, meta.docs.example))).filter((f) => f.code === meta.code);
      assert.ok(found.length > 0, `the example of ${meta.code} produces no ${meta.code} finding`);
    });

    test('"Use instead" is not flagged by the rule', async () => {
      const found = (await findingsFor(snippet(rule, meta.docs.useInstead))).filter((f) => f.code === meta.code);
      assert.deepEqual(found.map((f) => `${f.name}:${f.line} ${f.message}`), []);
    });

    test('the fixes on the example match the declared availability and safety', async () => {
      const found = (await findingsFor(snippet(rule, meta.docs.example))).filter((f) => f.code === meta.code);
      const fixes = found.flatMap((f) => f.fixes);
      if (meta.fix.availability === 'none') assert.deepEqual(fixes.map((x) => x.title), [], 'declares no fix but offers one');
      if (meta.fix.availability === 'always') assert.ok(found.every((f) => f.fixes.length > 0), 'declares a fix that is always available');
      if (meta.fix.applicability) for (const x of fixes) assert.equal(x.applicability, meta.fix.applicability, `fix "${x.title}"`);
    });

    test('the page has every section, the CWE links and the suppression code', () => {
      const md = ruleMarkdown(rule);
      assert.ok(md.startsWith(`# ${meta.code} ${meta.name}\n`));
      for (const section of ['## What it does', '## Why is this bad?', '## Example', 'Use instead:', '## Fix safety', '## Suppressing']) {
        assert.ok(md.includes(`\n${section}\n`), `missing "${section}"`);
      }
      assert.ok(meta.cwe.length > 0, 'no CWE');
      for (const cwe of meta.cwe) assert.ok(md.includes(`[CWE-${cwe}](https://cwe.mitre.org/data/definitions/${cwe}.html)`), `CWE-${cwe} link`);
      assert.ok(md.includes(`ignore[${meta.code}]`));
      for (const text of [meta.summary, meta.docs.whatItDoes, meta.docs.whyIsThisBad, meta.docs.fixSafety]) assert.ok(text.trim().length > 20, 'a docs text is empty or a stub');
    });

    test('the rule lives in <family>/<name>.ts, named as `meta.name`', () => {
      assert.match(meta.name, /^[a-z]+(-[a-z]+)*$/);
      assert.equal(FAMILY_OF_PREFIX[meta.code.slice(0, 3)], meta.family, `${meta.code} is not in the ${meta.family} family`);
      const source = path.join(rulesSource, meta.family, `${meta.name}.ts`);
      assert.ok(fs.existsSync(source), `${path.relative(repoRoot, source)} does not exist`);
      const compiled = require(path.join(rulesCompiled, meta.family, `${meta.name}.js`)) as { default?: Rule };
      assert.equal(compiled.default, rule, `${meta.name}.ts does not default-export ${meta.code}`);
    });
  });
}

test('rule codes and names are unique and well-formed', () => {
  const codes = ALL_RULES.map((r) => r.meta.code);
  const names = ALL_RULES.map((r) => r.meta.name);
  assert.deepEqual(codes.filter((c, i) => codes.indexOf(c) !== i), [], 'duplicate codes');
  assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'duplicate names');
  for (const c of codes) assert.match(c, /^FG[123]\d{2}$/);
});

test('every rule module under server/src/rules is registered in ALL_RULES', () => {
  const registered = new Set(ALL_RULES);
  const unregistered: string[] = [];
  for (const family of fs.readdirSync(rulesCompiled, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of fs.readdirSync(path.join(rulesCompiled, family.name)).filter((f) => f.endsWith('.js'))) {
      if (!fs.existsSync(path.join(rulesSource, family.name, file.replace(/\.js$/, '.ts')))) continue; // stale build output
      const mod = require(path.join(rulesCompiled, family.name, file)) as { default?: Partial<Rule> };
      if (mod.default?.meta?.code && !registered.has(mod.default as Rule)) unregistered.push(`${family.name}/${file}`);
    }
  }
  assert.deepEqual(unregistered, []);
});

test('docs/rules holds exactly the generated pages (run `node scripts/gen-docs.mjs`)', () => {
  const expected = new Map(ALL_RULES.map((r) => [path.posix.basename(docsUrl(r)), ruleMarkdown(r)]));
  const present = fs.existsSync(docsDir) ? fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')) : [];
  assert.deepEqual(present.filter((f) => !expected.has(f)), [], 'obsolete pages');
  assert.deepEqual([...expected.keys()].filter((f) => !present.includes(f)), [], 'missing pages');
  const stale = [...expected].filter(([f, text]) => fs.readFileSync(path.join(docsDir, f), 'utf8') !== text).map(([f]) => f);
  assert.deepEqual(stale, [], 'out-of-date pages');
});

test('the README rule table is the generated one (run `node scripts/gen-docs.mjs`)', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('<!-- rules:start -->') + '<!-- rules:start -->'.length, readme.indexOf('<!-- rules:end -->')).trim();
  assert.equal(table, rulesTable(ALL_RULES));
});
