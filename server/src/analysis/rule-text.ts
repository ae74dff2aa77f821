/** Route rules, prefixes and method lists as written: literals, constants, f-strings, `+`, `.format()` and prefixing helpers. */
import type { FunctionFact } from './facts';
import { callParts, dottedName, lastName, stringItems, stringValue, unwrap } from './python';
import { joinRule } from './routes';
import type { SyntaxNode } from './syntax';
import type { IndexedFile, Workspace } from './workspace';

/** What a name in a wrapper stands for at its call site: the node written there, in its file and scope. */
export type Substitution = (node: SyntaxNode) => [SyntaxNode, IndexedFile, FunctionFact | undefined] | undefined;

/**
 * A rule or prefix as written: a literal, a constant, or an f-string whose constant parts are
 * filled in; what stays unknown becomes a `<placeholder>`, which no route-word test reads.
 */
export function ruleText(workspace: Workspace, file: IndexedFile, node: SyntaxNode | undefined, scope?: FunctionFact, depth = 0, bound?: Substitution): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  // In a wrapper, a parameter inside the rule (`url + '<int:id>'`) is what its caller passed.
  const passed = bound?.(n);
  if (passed) return ruleText(workspace, passed[1], passed[0], passed[2], depth + 1);
  const literal = stringValue(n);
  if (literal !== undefined) return literal;
  if (n.type === 'string') {
    return n.children
      .map((c) => {
        if (c.type === 'string_content' || c.type === 'escape_sequence') return c.text;
        if (c.type !== 'interpolation') return '';
        const expr = c.namedChildren[0];
        return ruleText(workspace, file, expr, scope, depth + 1, bound) ?? `<${expr?.text ?? ''}>`;
      })
      .join('');
  }
  // `'/' + name`, `API + '/users'`: what cannot be known stays a placeholder, as in f-strings.
  if (n.type === 'binary_operator' && n.children.some((c) => c.type === '+')) {
    const sides = [n.field_('left'), n.field_('right')];
    const [left, right] = sides.map((side) => ruleText(workspace, file, side, scope, depth + 1, bound));
    if (left === undefined && right === undefined) return undefined;
    return (left ?? placeholder(sides[0])) + (right ?? placeholder(sides[1]));
  }
  // `'{}<int:{}>'.format(url, pk)`: the fields are filled in like the operands of `+`.
  const format = n.type === 'call' ? callParts(n) : undefined;
  const template = format?.callee.type === 'attribute' && format.callee.field_('attribute')?.text === 'format' ? stringValue(format.callee.field_('object')) : undefined;
  if (format && template !== undefined) {
    let next = 0;
    return template.replace(/\{(\d*)\}/g, (_, index: string) => {
      const arg = format.positional[index === '' ? next++ : Number(index)];
      return ruleText(workspace, file, arg, scope, depth + 1, bound) ?? placeholder(arg);
    });
  }
  // `org_scoped_rule('/queries')`: a helper that adds a prefix to the rule it is given. The rule is
  // kept, behind a placeholder for what the helper adds.
  const call = n.type === 'call' ? callParts(n) : undefined;
  if (call) {
    // Only a project function is taken for such a helper: `app.config.get('APP_PREFIX')` names a key, not a rule.
    if (workspace.resolveExpression(file, call.callee, scope)?.kind !== 'function') return undefined;
    const inner = call.positional.length === 1 ? ruleText(workspace, file, call.positional[0], scope, depth + 1) : undefined;
    return inner === undefined ? undefined : joinRule(`<${lastName(call.name) ?? 'prefix'}>`, inner);
  }
  if (!dottedName(n)) return undefined;
  const b = workspace.resolveExpression(file, n, scope);
  return b?.kind === 'value' ? ruleText(workspace, b.file, b.fact.value, b.fact.scope, depth + 1) : undefined;
}

/** `methods=['GET', 'POST']`, a module constant holding them, or the words of a string (`'GET POST'.split()`). */
export function methodList(workspace: Workspace, file: IndexedFile, node: SyntaxNode | undefined, scope?: FunctionFact): string[] | undefined {
  if (!node) return undefined;
  const words = stringValue(splitSubject(node) ?? node);
  let items = words !== undefined ? words.split(/[\s,]+/).filter(Boolean) : stringItems(node);
  if (!items && dottedName(node)) {
    const b = workspace.resolveExpression(file, node, scope);
    if (b?.kind === 'value') items = stringItems(b.fact.value);
  }
  return items?.map((m) => m.toUpperCase());
}

/** What stands in a rule for a part that cannot be known (no route-word test reads it). */
function placeholder(part: SyntaxNode | undefined): string {
  return `<${dottedName(part) ?? 'value'}>`;
}

/** The string whose words `<string>.split()` makes. */
export function splitSubject(node: SyntaxNode): SyntaxNode | undefined {
  const callee = callParts(node)?.callee;
  return callee?.type === 'attribute' && callee.field_('attribute')?.text === 'split' ? callee.field_('object') ?? undefined : undefined;
}
