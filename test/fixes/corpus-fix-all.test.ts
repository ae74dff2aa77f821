/**
 * `check --fix --unsafe-fixes` over every project of the shared corpus:
 * every file still compiles with Debian's Python, and no finding that
 * offers a fix is left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAll } from '../../server/src/cli/check-command';
import { loadProject } from '../../server/src/engine/project';
import { compileAll, copyToTemp } from '../helpers/python';

const CORPUS = path.resolve(__dirname, '../../../..', 'shared', 'corpus');
const cases = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];

test('every fix applied to the whole corpus leaves compiling code and no fixable finding', { skip: !cases.length && 'no shared corpus beside the repo', timeout: 600_000 }, async () => {
  const problems: string[] = [];
  let changedFiles = 0;
  for (const name of cases) {
    const dir = copyToTemp(path.join(CORPUS, name), `fg-fixall-${name}-`);
    try {
      const project = await loadProject(dir, ['.']);
      const changed = fixAll(project.engine, 'unsafe');
      for (const [file, { after }] of changed) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, after);
      }
      changedFiles += changed.size;
      problems.push(...compileAll(dir).map((p) => `${name}: ${p}`));
      const after = await loadProject(dir, ['.']);
      for (const f of [...after.engine.analyze().values()].flat()) {
        if (f.fixes.length) problems.push(`${name}/${path.relative(dir, f.file)}: ${f.code} still offers "${f.fixes[0]!.title}" after fixing: ${f.message}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(changedFiles > 0, 'the corpus has fixable findings, so fixing must change files');
});
