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
  // `'/%s/users' % VERSION`, `'/%s/<%s>' % (base, key)`: the fields are filled in like the operands of `+`.
  if (n.type === 'binary_operator' && n.children.some((c) => c.type === '%')) {
    const template = ruleText(workspace, file, n.field_('left'), scope, depth + 1, bound);
    if (template === undefined) return undefined;
    const fill = (arg: SyntaxNode | undefined) => ruleText(workspace, file, arg, scope, depth + 1, bound) ?? placeholder(arg);
    return percentFormat(template, unwrap(n.field_('right')), fill);
  }
  // `'{}<int:{}>'.format(url, pk)`, `'/{v}/users'.format(v=VERSION)`: the fields are filled in likewise.
  const format = n.type === 'call' ? callParts(n) : undefined;
  const template = format?.callee.type === 'attribute' && format.callee.field_('attribute')?.text === 'format' ? formatTemplate(workspace, file, format.callee.field_('object'), scope, depth, bound) : undefined;
  if (format && template !== undefined) {
    let next = 0;
    return template.replace(/\{(\w*)(?:![rsa])?(?::[^{}]*)?\}/g, (_, field: string) => {
      const arg = field === '' ? format.positional[next++] : /^\d+$/.test(field) ? format.positional[Number(field)] : format.keywords.get(field);
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

/** The string `.format()` is called on: a literal or a constant holding one. */
function formatTemplate(workspace: Workspace, file: IndexedFile, node: SyntaxNode | undefined, scope: FunctionFact | undefined, depth: number, bound?: Substitution): string | undefined {
  const n = unwrap(node);
  return n && (n.type === 'string' || dottedName(n)) ? ruleText(workspace, file, n, scope, depth + 1, bound) : undefined;
}

/**
 * A %-formatted rule: `%s`-style fields take the operand's items in turn (one operand when it is no tuple),
 * `%(name)s` fields the values of a dict literal; `%%` is a percent sign.
 */
function percentFormat(template: string, operand: SyntaxNode | undefined, fill: (arg: SyntaxNode | undefined) => string): string {
  const items = operand?.type === 'tuple' ? operand.namedChildren : [operand];
  const named = new Map(operand?.type === 'dictionary' ? operand.namedChildren.filter((p) => p.type === 'pair').map((p) => [stringValue(p.field_('key')), p.field_('value')] as const) : []);
  let next = 0;
  return template.replace(/%(?:\(([^)]*)\))?[-#0 +]*\d*(?:\.\d+)?([a-zA-Z%])/g, (_, name: string | undefined, kind: string) => {
    if (kind === '%') return '%';
    return fill(name !== undefined ? named.get(name) : items[next++]);
  });
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
