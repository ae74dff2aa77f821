// `npm test`: node's test runner over the compiled tests in out/test.
// out/test/e2e runs inside real editors (scripts/test-e2e.sh), not here.
// A compiled test whose source was deleted is stale and is left out, so a
// removed test cannot keep passing (or failing) from an old build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'out', 'test');
const excluded = ['e2e'];

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return excluded.includes(path.relative(outDir, full)) ? [] : walk(full);
    return e.name.endsWith('.test.js') ? [full] : [];
  });
}

const files = walk(outDir)
  .filter((js) => fs.existsSync(path.join(root, 'test', path.relative(outDir, js).replace(/\.js$/, '.ts'))))
  .sort();
if (!files.length) {
  console.error('run-tests: no compiled tests in out/test; run `npx tsc -b` first');
  process.exit(1);
}

// The CLI, language-server and corpus tests run the bundles: say so when they predate the compiled sources.
const newest = (dir) => walkAll(dir).reduce((m, f) => Math.max(m, fs.statSync(f).mtimeMs), 0);
function walkAll(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkAll(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const compiled = newest(path.join(root, 'out', 'server'));
for (const bundle of ['cli.js', 'server.js']) {
  const file = path.join(root, 'dist', bundle);
  if (!fs.existsSync(file)) console.error(`run-tests: dist/${bundle} is missing; run \`node scripts/bundle.mjs\` (its tests are skipped)`);
  else if (fs.statSync(file).mtimeMs < compiled) console.error(`run-tests: dist/${bundle} is older than out/server; run \`node scripts/bundle.mjs\` to test the current code`);
}

// Extra arguments (`npm test -- --test-name-pattern=FG103`) go to node.
const args = ['--test', '--test-concurrency=2', '--test-reporter=tap', ...process.argv.slice(2), ...files];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (result.error) {
  console.error(`run-tests: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
