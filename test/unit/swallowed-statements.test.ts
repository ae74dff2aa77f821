/**
 * A syntax error that tree-sitter cannot close (an unclosed bracket, a
 * half-typed call) reads on to the end of the file. The statements it
 * swallowed are parsed on their own, so the routes below keep their findings,
 * in the CLI and while typing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { engineFor, findingsFor, locate, ROOT } from '../helpers/engine';

const HEAD = ['from flask import Flask, request', 'app = Flask(__name__)', ''];
const route = (rule: string, name: string, ...body: string[]) => [`@app.route('${rule}', methods=['POST'])`, `def ${name}():`, ...(body.length ? body : ["    return 'ok'"]), ''];
const file = (...lines: (string | string[])[]) => lines.flat().join('\n');

/** The rules of the FG101 findings, in file order. */
async function openRoutes(text: string): Promise<string[]> {
  return (await findingsFor({ 'app.py': text })).filter((f) => f.code === 'FG101').map((f) => /`([^`]+)`/.exec(f.message)![1]!);
}

const cases: { name: string; text: string; open: string[] }[] = [
  {
    name: 'an unclosed call in one view',
    text: file(HEAD, route('/admin/one', 'one', "    x = foo(request.form['a']", "    return 'ok'"), route('/admin/purge', 'purge'), route('/admin/three', 'three')),
    open: ['/admin/one', '/admin/purge', '/admin/three'],
  },
  {
    name: 'an unclosed module-level list',
    text: file(HEAD, "ADMINS = ['alice',", '', route('/admin/purge', 'purge')),
    open: ['/admin/purge'],
  },
  {
    name: 'stacked decorators of the broken view stay with it',
    text: file(HEAD, "@app.route('/admin/a', methods=['POST'])", '@audit', 'def a():', '    log(', route('/admin/b', 'b')),
    open: ['/admin/a', '/admin/b'],
  },
  {
    name: 'example code in a docstring the parse closed is not a statement',
    text: file(HEAD, 'def helper(:', '    """Example:', '', "@app.route('/admin/doc', methods=['POST'])", 'def doc():', '    pass', '"""', '    return 1', '', route('/admin/purge', 'purge')),
    open: ['/admin/purge'],
  },
];

for (const c of cases) {
  test(`swallowed statements: ${c.name}`, async () => {
    assert.deepEqual(await openRoutes(c.text), c.open);
  });
}

test('swallowed statements: typing an unclosed call keeps the findings of the routes below it', async () => {
  const text = file(HEAD, route('/admin/one', 'one', "    return 'ok'"), route('/admin/purge', 'purge'), route('/admin/three', 'three'));
  const engine = await engineFor({ 'app.py': text });
  const name = path.join(ROOT, 'app.py');
  const at = text.indexOf("    return 'ok'");
  for (const [i, ch] of [...'x = foo(\n'].entries()) engine.editFile(name, [{ start: at + i, end: at + i, text: ch }]);
  assert.deepEqual(
    locate(engine).filter((f) => f.code === 'FG101').map((f) => f.line),
    [5, 10, 14],
  );
});
