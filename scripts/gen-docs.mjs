// Writes docs/rules/<CODE>-<name>.md and the README's rule table from the compiled rule
// table (run `npx tsc -b` first), and deletes rule pages whose rule no longer exists. test/docs.test.ts fails when the
// committed pages differ from what this writes.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const compiled = path.join(root, 'out', 'server', 'src', 'rules');
if (!fs.existsSync(path.join(compiled, 'index.js'))) {
  console.error('gen-docs: out/server/src/rules is missing; run `npx tsc -b` first');
  process.exit(1);
}
const { ALL_RULES } = require(path.join(compiled, 'index.js'));
const { docsUrl, ruleMarkdown, rulesTable } = require(path.join(compiled, 'docs.js'));

const dir = path.join(root, 'docs', 'rules');
fs.mkdirSync(dir, { recursive: true });
// The page name is the tail of the URL diagnostics link to, so the two cannot drift.
const pages = new Map(ALL_RULES.map((rule) => [path.posix.basename(docsUrl(rule)), ruleMarkdown(rule)]));
let written = 0;
for (const [name, text] of pages) {
  const file = path.join(dir, name);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
  fs.writeFileSync(file, text);
  written++;
}
let removed = 0;
for (const name of fs.readdirSync(dir)) {
  if (/^FG\d{3}-.*\.md$/.test(name) && !pages.has(name)) {
    fs.rmSync(path.join(dir, name));
    removed++;
  }
}
console.log(`gen-docs: ${pages.size} rule pages in docs/rules (${written} written, ${removed} removed)`);

// The README's rule table, between its markers.
const readme = path.join(root, 'README.md');
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';
const text = fs.readFileSync(readme, 'utf8');
const a = text.indexOf(START);
const b = text.indexOf(END);
if (a < 0 || b < a) {
  console.error('gen-docs: README.md lacks the rules markers');
  process.exit(1);
}
const updated = `${text.slice(0, a + START.length)}\n${rulesTable(ALL_RULES)}\n${text.slice(b)}`;
if (updated !== text) fs.writeFileSync(readme, updated);
console.log(`gen-docs: README rule table ${updated === text ? 'up to date' : 'written'}`);
