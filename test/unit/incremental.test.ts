import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadPythonParser, type PythonParser } from '../../server/src/analysis/parser';
import { SourceFile, type TextChange } from '../../server/src/analysis/source-file';
import type { SyntaxNode, Unit } from '../../server/src/analysis/syntax';

const SAMPLE = [
  'from flask import Flask, request  # café',
  'app = Flask(__name__)\r',
  '',
  '@app.route("/admin/ünïcode/<int:id>")',
  'def admin(id):',
  '    key = request.headers.get("X-API-Key")',
  '    if key:',
  '        return "ok 😀"',
  '    return "no", 401',
  '',
  'class V:',
  '    decorators = [login_required]',
  '    def get(self):',
  '        """doc"""',
  '        return 1',
  '',
  'if __name__ == "__main__":',
  '    app.run(debug=True)',
  '',
].join('\n');

function dump(node: SyntaxNode): string {
  const inner = node.children.map(dump).join(' ');
  return `(${node.type}${node.field ? ':' + node.field : ''}@${node.start}-${node.end}${inner ? ' ' + inner : ''})`;
}

/**
 * The incremental units equal a fresh parse's: same statements at the same
 * offsets with the same trees. Around a syntax error, tree-sitter's own
 * incremental re-parse may recover differently from a parse from scratch
 * (it may keep `if a:\n:    return 1` as one statement that a fresh parse
 * splits in three, or read `x@a()\n.b()` as one expression where a fresh
 * parse finds an error), so where either side has an error only the
 * error-free statements must agree: each one the fresh parse finds away from
 * the statements recovered differently is there, at the same offset, with
 * the same tree.
 */
function assertSameUnits(incremental: SourceFile, fresh: SourceFile): void {
  const key = (u: Unit) => `${u.base}|${JSON.stringify(u.text)}|${dump(u.root)}`;
  if (!incremental.units.some((u) => u.hasError) && !fresh.units.some((u) => u.hasError)) {
    assert.deepEqual(incremental.units.map(key), fresh.units.map(key));
    return;
  }
  const have = new Set(incremental.units.map(key));
  const overlaps = (a: Unit, b: Unit) => a.base < b.end && b.base < a.end;
  const freshErrors = fresh.units.filter((u) => u.hasError);
  // Statements the incremental parse recovered differently: its own errors, and what spans a fresh error.
  const broken = incremental.units.filter((u) => u.hasError || freshErrors.some((e) => overlaps(u, e)));
  // A bare expression at module level (`integer`, not `expression_statement`) is itself a recovery.
  const statement = (u: Unit) => /(_statement|_definition|^comment)$/.test(u.root.type);
  const missing = fresh.units.filter((u) => !u.hasError && statement(u) && !broken.some((e) => overlaps(e, u)) && !have.has(key(u)));
  assert.deepEqual(missing.map(key), [], 'error-free statements of the fresh parse missing from the incremental units');
}

/** A parsed copy of `text` to edit; `check` compares its units with a fresh parse of its current text. */
function editing(p: PythonParser, text: string, run: (file: SourceFile, check: () => void) => void): void {
  const file = SourceFile.parse(p, 'sample.py', text, true);
  try {
    run(file, () => assertSameUnits(file, SourceFile.parse(p, 'sample.py', file.text, false)));
  } finally {
    file.dispose();
  }
}

/** Whether `offset` falls inside a surrogate pair (LSP clients never split one). */
const splitsPair = (text: string, offset: number) => /[\uDC00-\uDFFF]/.test(text[offset] ?? '');

const pieces = ['x', ' ', '\n', '\r\n', '    ', ':', '(', ')', '"', '"""', 'é', '😀', 'def f():\n    return 1\n', '@app.route("/x")\n', '#', 'if a:\n', '\n\n'];

test('incremental edits produce the same units as a fresh parse', async () => {
  const p = await loadPythonParser();
  const edit = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    len: fc.nat({ max: 12 }),
    insert: fc.array(fc.constantFrom(...pieces), { maxLength: 3 }).map((a) => a.join('')),
  });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) =>
      editing(p, SAMPLE, (file, check) => {
        for (const e of edits) {
          let start = Math.floor(e.at * file.text.length);
          if (splitsPair(file.text, start)) start--;
          let end = Math.min(file.text.length, start + e.len);
          if (splitsPair(file.text, end)) end++;
          const change: TextChange = { start, end, text: e.insert };
          file.edit(p, [change]);
          check();
        }
      }),
    ),
    // A fixed seed keeps CI deterministic; FC_SEED=<n> explores other sequences.
    { numRuns: 400, seed: Number(process.env['FC_SEED'] ?? 20261127) },
  );
});

test('several changes in one didChange are applied in order', async () => {
  const p = await loadPythonParser();
  editing(p, SAMPLE, (file, check) => {
    const at = file.text.indexOf('def admin');
    file.edit(p, [
      { start: at, end: at, text: '@login_required\n' },
      { start: 0, end: 0, text: 'import os\n' },
    ]);
    check();
    assert.match(file.text, /^import os\n/);
  });
});

test('a deletion that splits a kept statement re-reads the part the old unit covered', async () => {
  // Regression: `if a:\nximport Flask, request` minus `if ` lost `Flask, request`.
  const p = await loadPythonParser();
  editing(p, SAMPLE, (file, check) => {
    file.edit(p, [{ start: 0, end: 11, text: 'if a:\nx' }]);
    file.edit(p, [{ start: 0, end: 3, text: '' }]);
    check();
  });
});

test('typing inside statements, then between them, keeps the units equal to a fresh parse', async () => {
  // Edits strictly inside an error-free statement re-parse that statement
  // alone and leave the file's tree behind; the next edit elsewhere must
  // bring the tree up to date with all of them.
  const p = await loadPythonParser();
  const inside = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat({ max: 2 }),
    insert: fc.constantFrom('x', 'y1', ' ', '(', ')', '\n    z = 1', '"', ''),
  });
  fc.assert(
    fc.property(fc.array(inside, { minLength: 1, maxLength: 10 }), fc.constantFrom('\nx = 2\n', '\n', 'import os\n'), (edits, between) =>
      editing(p, SAMPLE, (file, check) => {
        for (const e of edits) {
          const statements = file.units.filter((u) => u.root.type !== 'comment' && u.text.length > 4);
          const unit = statements[Math.min(statements.length - 1, Math.floor(e.at * statements.length))]!;
          // A position past the statement's first line and before its last character, off surrogate pairs.
          let start = unit.base + Math.max(unit.text.indexOf('\n') + 1, 1) + Math.floor(e.at * 97) % Math.max(1, unit.text.length - 2);
          start = Math.min(start, unit.end - 1 - e.remove);
          if (start <= unit.base || splitsPair(file.text, start) || splitsPair(file.text, start + e.remove)) continue;
          file.edit(p, [{ start, end: start + e.remove, text: e.insert }]);
          check();
        }
        const gap = file.text.indexOf('\n\n');
        if (gap >= 0) file.edit(p, [{ start: gap + 1, end: gap + 1, text: between }]);
        check();
      }),
    ),
    { numRuns: 300, seed: Number(process.env['FC_SEED'] ?? 20261127) },
  );
});

test('edits between and at the edges of statements keep the units equal to a fresh parse', async () => {
  // These re-parse the stretch between the statements around the edit, alone,
  // when that is safe: an indented line, a decorator, an `else:` or an opened
  // bracket can join what comes before or after, and must not be read alone.
  const p = await loadPythonParser();
  const boundaryPieces = ['\n', 'x', 'y = 1\n', '# c', '    ', '    # c\n', '    z\n', '@d\n', 'else:\n    pass\n', 'def g():\n    pass\n', '\\\n', '(', '"""', ' ', ''];
  const edit = fc.record({
    which: fc.double({ min: 0, max: 1, noNaN: true }),
    where: fc.constantFrom('base', 'end', 'gap'),
    remove: fc.nat({ max: 3 }),
    insert: fc.constantFrom(...boundaryPieces),
  });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 10 }), (edits) =>
      editing(p, SAMPLE, (file, check) => {
        for (const e of edits) {
          const units = file.units;
          const unit = units[Math.min(units.length - 1, Math.floor(e.which * units.length))]!;
          let start = e.where === 'base' ? unit.base : e.where === 'end' ? unit.end : unit.end + 1;
          start = Math.min(start, file.text.length);
          const end = Math.min(file.text.length, start + e.remove);
          if (splitsPair(file.text, start) || splitsPair(file.text, end)) continue;
          file.edit(p, [{ start, end, text: e.insert }]);
          check();
        }
      }),
    ),
    { numRuns: 400, seed: Number(process.env['FC_SEED'] ?? 20261127) },
  );
});

test('an indented comment typed after a definition joins its body, as a parse of the file has it', async () => {
  const p = await loadPythonParser();
  const text = 'def f():\n    pass\n\n\nx = 1\n';
  editing(p, text, (file, check) => {
    file.edit(p, [{ start: text.indexOf('\n\n') + 1, end: text.indexOf('\n\n') + 1, text: '    # note\n' }]);
    check();
    assert.equal(file.units[0]!.root.find('comment').length, 1);
  });
});

test('a line break typed into a one-line definition gives it the indented statements the parse had left at top level', async () => {
  const p = await loadPythonParser();
  // Half-typed code: the indented lines below a `def` with an inline body parse as top-level statements.
  const text = 'def make():\ndef wrap(view):    app = Flask(__name__)\n    app.register_blueprint(bp, url_prefix="/api")\n    return app\n';
  editing(p, text, (file, check) => {
    const at = text.indexOf('    app = Flask');
    file.edit(p, [{ start: at, end: at, text: '\n' }]);
    check();
    assert.equal(file.units.at(-1)!.root.find('return_statement').length, 1, 'the `return` is in the body of `wrap`');
  });
});
