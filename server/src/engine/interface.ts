/**
 * A unit's interface: what other units' checks may read from it. Signatures
 * of definitions, imports, module-level assignments, plus rule summaries.
 * Typing inside a function body leaves it unchanged, so cached results of
 * other units stay valid.
 */
import type { SyntaxNode, Unit } from '../analysis/syntax';
import type { IndexedFile } from '../analysis/workspace';
import type { Rule } from '../rules/types';
import { containsRejection } from '../analysis/auth';
import { returnSummary } from '../analysis/dataflow';

const MEMO = 'interface';

export function unitInterface(unit: Unit, file: IndexedFile, rules: readonly Rule[]): string {
  let key = unit.memo.get(MEMO) as string | undefined;
  if (key === undefined) {
    const summaries = rules.map((r) => r.summarize?.(unit, file) ?? '').join('|');
    key = shape(unit.root) + '#' + summaries;
    unit.memo.set(MEMO, key);
  }
  return key;
}

function shape(node: SyntaxNode): string {
  switch (node.type) {
    case 'function_definition': {
      // Callers' data flow reads what a helper returns from the request; a view or wrapper that calls it
      // is a guard when the helper refuses somewhere inside.
      const body = node.field_('body');
      return (body ? node.unit.text.slice(node.rs, body.rs).trim() : node.text) + '->' + returnSummary(node) + (containsRejection(body) ? '!' : '') + nestedImports(body);
    }
    case 'decorated_definition':
      return node.children.map((c) => (c.type === 'decorator' ? c.text : shape(c))).join('\n');
    case 'class_definition': {
      const body = node.field_('body');
      const header = body ? node.unit.text.slice(node.rs, body.rs).trim() : '';
      return header + '{' + (body?.namedChildren.map(shape).join(';') ?? '') + '}';
    }
    case 'expression_statement':
    case 'import_statement':
    case 'import_from_statement':
      return node.text.length < 400 ? node.text : node.text.slice(0, 400);
    case 'comment':
      return '';
    default:
      // if/for/try/with blocks at top level may define or register anything.
      return node.text.length < 2000 ? node.text : node.type + node.text.length;
  }
}

/**
 * Imports inside a body (`create_app` importing its blueprints): they decide which modules the app imports, and a
 * module named like a test (`test_connection.py`) that the app imports is app code.
 */
function nestedImports(body: SyntaxNode | undefined): string {
  if (!body || !/\bimport\b/.test(body.text)) return '';
  return body.find('import_statement', 'import_from_statement').map((i) => '\n' + i.text).join('');
}
