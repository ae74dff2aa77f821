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
import { loadPythonParser } from '../../server/src/analysis/parser';
import { SourceFile } from '../../server/src/analysis/source-file';

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

test('swallowed statements: an error that makes the parse wrap the whole file in one ERROR node is salvaged in one pass over the file', async () => {
  // Reduced from a half-typed string in a 500-line app: every statement before the error was cut off and the rest of
  // the file parsed again, once per statement (0.4-1 s a keystroke).
  const text = [
    "    return render_template('dashboard.html', orders=orders)",
    "@app.route('/admin', methods=['GET', 'POST'])",
    "    return render_template('admin.html', users=query_db(\"SELECT * FROM users\"))",
    "def staff_checkin():",
    "def api_order():",
    "def api_menu():",
    "def api_menu_search():",
    "def change_password():",
    "def logout():",
    "def weekly_report():",
    "    totals['day_26'] = query_db(\"SELEC    totals['day_56'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [56], one=True)[0]",
    "    totals['day_318'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [318], one=True)[0]",
    "    totals['day_319'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [319], one=True)[0]",
    "    totals['day_320'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [320], one=True)[0]",
    "    totals['day_321'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [321], one=True)[0]",
    "    totals['day_322'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [322], one=True)[0]",
    "    totals['day_323'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [323], one=True)[0]",
    "    totals['day_324'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [324], one=True)[0]",
    "    totals['day_325'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [325], one=True)[0]",
    "    totals['day_326'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [326], one=True)[0]",
    "    totals['day_327'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [327], one=True)[0]",
    "    totals['day_328'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [328], one=True)[0]",
    "    totals['day_329'] = query_db(\"SELECT COUNT(*) FROM orders WHERE day = ?\", [329], one=True)[0]",
    "    token = request.headers.get('X-Report-Token')",
    "    if token != 'weekly-report-7781':  # expect: FG202 FG203",
    "        abort(403)",
    "if __name__ == '__main__':",
    "    app.run(debug=True)"
  ].join('\n');
  const p = await loadPythonParser();
  const parse = p.parser.parse.bind(p.parser);
  let parsed = 0;
  p.parser.parse = (input, ...rest) => {
    if (typeof input === 'string') parsed += input.length;
    return parse(input, ...rest);
  };
  try {
    const units = SourceFile.parse(p, 'app.py', text, false).units;
    assert.ok(parsed < 3 * text.length, `re-parsed ${parsed} characters of a ${text.length}-character file`);
    assert.deepEqual(units.filter((u) => u.root.type === 'function_definition').map((u) => /def (\w+)/.exec(u.text)![1]).slice(0, 3), ['staff_checkin', 'api_order', 'api_menu']);
  } finally {
    p.parser.parse = parse;
  }
});
