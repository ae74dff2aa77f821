/**
 * A rule that throws loses its findings for that statement: the engine must
 * not cache the loss as a result, so the failure is reported (and the check
 * retried) on every pass until it succeeds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES } from '../../server/src/rules';
import type { Rule } from '../../server/src/rules/types';
import { engineFor, locate } from '../helpers/engine';

const RUN = "from flask import Flask\n\napp = Flask(__name__)\napp.run(host='0.0.0.0', debug=True)\n";

test('a failed unit check is retried on each pass and its findings appear once it succeeds; then it is cached', async () => {
  const debug = ALL_RULES.find((r) => r.meta.code === 'FG105')!;
  let failing = true;
  let calls = 0;
  const flaky: Rule = {
    ...debug,
    checkUnit(unit, ctx) {
      calls++;
      if (failing) throw new Error('unexpected node');
      debug.checkUnit!(unit, ctx);
    },
  };
  const engine = await engineFor({ 'run.py': RUN }, { rules: [flaky] });
  const errors: string[] = [];
  engine.onRuleError = (rule, _file, error) => errors.push(`${rule}: ${(error as Error).message}`);

  assert.deepEqual(locate(engine), []);
  const afterFirst = calls;
  assert.deepEqual(locate(engine), [], 'still failing');
  assert.ok(calls > afterFirst, 'the failed statements were checked again');
  assert.equal(errors.length, 2 * afterFirst, 'each pass reports the failure');

  failing = false;
  assert.deepEqual(locate(engine).map((f) => `${f.line}:${f.code}`), ['4:FG105']);
  const settled = calls;
  locate(engine);
  assert.equal(calls, settled, 'a successful check is cached');
});

test('a fix that cannot be built leaves the finding without it and is reported', async () => {
  const debug = ALL_RULES.find((r) => r.meta.code === 'FG105')!;
  const brokenFix: Rule = {
    ...debug,
    checkUnit(unit, ctx) {
      debug.checkUnit!(unit, {
        ...ctx,
        report: (file, node, message, options) =>
          ctx.report(file, node, message, {
            ...options,
            fixes: () => {
              throw new Error('no statement to anchor on');
            },
          }),
      });
    },
  };
  const engine = await engineFor({ 'run.py': RUN }, { rules: [brokenFix] });
  const errors: string[] = [];
  engine.onFixError = (rule, file, error) => errors.push(`${rule} ${file.endsWith('run.py')}: ${(error as Error).message}`);
  const [finding, ...rest] = [...engine.analyze().values()].flat();
  assert.equal(rest.length, 0);
  assert.equal(finding?.code, 'FG105');
  assert.deepEqual(finding.fixes, []);
  assert.deepEqual(errors, ['FG105 true: no statement to anchor on']);
});
