/** `# flask-guard: ignore[...]` comments, as the engine reads them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingLines } from '../helpers/findings';

const HEAD = 'from flask import Flask\napp = Flask(__name__)\n';

test('a comment at the end of the reported line silences the listed code', async () => {
  assert.deepEqual(await findingLines(HEAD + 'app.run(debug=True, host="0.0.0.0")  # flask-guard: ignore[FG105]\n', ['FG105']), []);
});

test('a bare ignore comment silences every code on its line', async () => {
  assert.deepEqual(await findingLines(HEAD + 'app.run(debug=True, host="0.0.0.0")  # flask-guard: ignore\n', ['FG105']), []);
});

test('another code, another line, or the words inside a string silence nothing', async () => {
  const flagged = ['app.py:3 FG105'];
  assert.deepEqual(await findingLines(HEAD + 'app.run(debug=True, host="0.0.0.0")  # flask-guard: ignore[FG101]\n', ['FG105']), flagged);
  assert.deepEqual(await findingLines(HEAD + 'app.run(debug=True, host="0.0.0.0")\n# flask-guard: ignore[FG105]\n', ['FG105']), flagged);
  assert.deepEqual(await findingLines(HEAD + 'app.run(debug=True, host="0.0.0.0", name="# flask-guard: ignore")\n', ['FG105']), flagged);
});

test('a comment inside a statement that spans lines silences its own line', async () => {
  const code = HEAD + 'app.run(\n    debug=True,\n    host="0.0.0.0",\n)\n';
  const flagged = await findingLines(code, ['FG105']);
  assert.equal(flagged.length, 1);
  const line = Number(flagged[0]!.split(' ')[0]!.split(':')[1]);
  const lines = code.split('\n');
  lines[line - 1] += '  # flask-guard: ignore[FG105]';
  assert.deepEqual(await findingLines(lines.join('\n'), ['FG105']), []);
});
