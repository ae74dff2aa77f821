/**
 * Typing inside a statement patches the file's facts and symbol table instead
 * of rebuilding them; after every kind of edit they must equal a rebuild.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPythonParser } from '../../server/src/analysis/parser';
import { SourceFile } from '../../server/src/analysis/source-file';
import { fileFacts, type FileFacts } from '../../server/src/analysis/facts';
import { Workspace, type IndexedFile } from '../../server/src/analysis/workspace';

const CODE = [
  'import jwt',
  'from flask import Flask, request',
  'app = Flask(__name__)',
  '',
  'def helper(x):',
  '    y = x',
  '    return y',
  '',
  'helper = 1',
  '',
  '@app.route("/a")',
  'def a():',
  '    return "a"',
  '',
  'class V:',
  '    def get(self):',
  '        return 1',
  '',
  '    def put(self):',
  '        return 2',
  '',
].join('\n');

/** Facts as positions and names, so two builds compare by what they say. */
function shape(facts: FileFacts): unknown {
  const at = (n: { node: { start: number; end: number } }) => `${n.node.start}-${n.node.end}`;
  return {
    imports: facts.imports.map((i) => `${i.local}=${i.module}.${i.member ?? ''}@${at(i)}`),
    functions: facts.functions.map((f) => `${f.qualname}@${at(f)}`),
    classes: facts.classes.map((c) => `${c.name}@${at(c)}`),
    assignments: facts.assignments.map((a) => `${a.names.join(',')}@${at(a)}`),
    calls: facts.calls.map((c) => `${c.parts.name}@${at(c)}`),
  };
}

function symbols(file: IndexedFile): string[] {
  return [...file.symbols].map(([name, s]) => `${name}:${s.kind}:${'fact' in s ? `${s.fact.node.start}` : `${s.module}.${s.member ?? ''}`}`);
}

/** [what, old text, new text, replaced in place (the statement alone re-parsed)] */
const edits: [string, string, string, boolean][] = [
  ['a call typed into a body', '    y = x\n', '    y = x\n    log(y)\n', true],
  ['a local renamed', '    y = x\n', '    z = x\n', true],
  ['a function renamed (its binding changes)', 'def a():', 'def b():', true],
  ['a method body edited', '        return 1', '        return 22', true],
  ['a decorator argument edited', '@app.route("/a")', '@app.route("/ab")', true],
  ['an import changed (at the end of its statement)', 'from flask import Flask, request', 'from flask import Flask, session', false],
];

for (const [name, from, to, swapped] of edits) {
  test(`after ${name}, patched facts and symbols equal a rebuild`, async () => {
    const p = await loadPythonParser();
    const workspace = new Workspace('/ws');
    const source = SourceFile.parse(p, '/ws/app.py', CODE, true);
    try {
      const before = workspace.set(source);
      // Built before the edit, so the edit has something to patch.
      void before.facts;
      void before.symbols;
      const at = source.text.indexOf(from);
      let prefix = 0;
      while (from[prefix] === to[prefix]) prefix++;
      let suffix = 0;
      while (suffix < from.length - prefix && from[from.length - 1 - suffix] === to[to.length - 1 - suffix]) suffix++;
      source.edit(p, [{ start: at + prefix, end: at + from.length - suffix, text: to.slice(prefix, to.length - suffix) }]);
      assert.equal(source.lastSwap !== undefined, swapped);
      assert.equal(source.text, CODE.replace(from, to));
      const after = workspace.set(source, source.lastSwap);
      const rebuilt = new Workspace('/ws').set(SourceFile.parse(p, '/ws/app.py', source.text, false));
      assert.deepEqual(shape(after.facts), shape(fileFacts(source.units)));
      assert.deepEqual(shape(after.facts), shape(rebuilt.facts));
      assert.deepEqual(symbols(after), symbols(rebuilt));
    } finally {
      source.dispose();
    }
  });
}
