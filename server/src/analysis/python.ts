/** Small readers over Python syntax nodes, shared by the model and the rules. */
import { exact } from './exact';
import type { SyntaxNode } from './syntax';

/** `a.b.c` for identifiers and attribute chains; undefined for anything else. */
export function dottedName(node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.field_('object'));
    const attr = node.field_('attribute');
    return object && attr ? `${object}.${attr.text}` : undefined;
  }
  return undefined;
}

/** The value of a plain string literal (no interpolation), else undefined. */
export function stringValue(node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map(stringValue);
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (node.type !== 'string') return undefined;
  if (node.children.some((c) => c.type === 'interpolation')) return undefined;
  // The prefix (`r`, `b`, `rb`...) is what comes before the first quote.
  const start = /^[^'"]*/.exec(node.text)![0];
  const content = node.children.filter((c) => c.type === 'string_content' || c.type === 'escape_sequence').map((c) => c.text).join('');
  return /[rR]/.test(start) ? content : unescape(content);
}

/** A string's literal parts, interpolations left out: `f"/login?next={url}"` gives `/login?next=`. */
export function literalParts(node: SyntaxNode | undefined): string | undefined {
  if (node?.type !== 'string') return stringValue(node);
  return node.children.filter((c) => c.type === 'string_content').map((c) => c.text).join('');
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[c] ?? c);
}

/** The operator of a comparison as written, words joined: `==`, `in`, `not in`, `is not`. */
export function comparisonOperator(comparison: SyntaxNode): string {
  return comparison.children.filter((c) => !c.named).map((c) => c.text).join(' ');
}

/** Strips parentheses and `await`; a walrus (`(key := request.headers.get('X-Key'))`) is the value it binds. */
export function unwrap(node: SyntaxNode | undefined): SyntaxNode | undefined {
  let n = node;
  while (n && (n.type === 'parenthesized_expression' || n.type === 'await' || n.type === 'named_expression')) n = n.type === 'named_expression' ? n.field_('value') : n.namedChildren[0];
  return n;
}

export interface CallParts {
  callee: SyntaxNode;
  /** Dotted callee (`app.route`), when it is a plain name chain. */
  name: string | undefined;
  /** Positional arguments in order, `*args` (a `list_splat`) included. */
  positional: readonly SyntaxNode[];
  keywords: ReadonlyMap<string, SyntaxNode>;
  /** `*args` / `**kwargs` present: arguments cannot be fully known. */
  splat: boolean;
}

const NO_KEYWORDS: ReadonlyMap<string, SyntaxNode> = new Map();

// Syntax copies of unchanged statements live across edits: their call shapes never change.
const CALLS = new WeakMap<SyntaxNode, CallParts>();

export function callParts(node: SyntaxNode | undefined): CallParts | undefined {
  const call = unwrap(node);
  if (!call || call.type !== 'call') return undefined;
  const hit = CALLS.get(call);
  if (hit) return hit;
  const callee = call.field_('function')!;
  const args = call.field_('arguments');
  let positional: SyntaxNode[] | undefined;
  let keywords: Map<string, SyntaxNode> | undefined;
  let splat = false;
  for (const arg of args?.namedChildren ?? []) {
    if (arg.type === 'keyword_argument') {
      const name = arg.field_('name')?.text;
      const value = arg.field_('value');
      if (name && value) (keywords ??= new Map()).set(name, value);
    } else if (arg.type === 'dictionary_splat') splat = true;
    else if (arg.type === 'list_splat') {
      // Kept in place: a wrapper's `*urls` is substituted by its caller's arguments.
      splat = true;
      (positional ??= []).push(arg);
    } else if (arg.type !== 'comment') (positional ??= []).push(arg);
  }
  // A workspace holds tens of thousands of calls, most without keywords: they share one empty map.
  const parts = { callee, name: dottedName(callee), positional: exact(positional), keywords: keywords ?? NO_KEYWORDS, splat };
  CALLS.set(call, parts);
  return parts;
}

/**
 * The last name a call is made by, whatever it is made on: `hashpw` for `bcrypt.hashpw(pw)` and for
 * `get_bcrypt().hashpw(pw)`, whose callee has no dotted name.
 */
export function calledName(parts: CallParts | undefined): string | undefined {
  return lastName(parts?.name ?? parts?.callee.field_('attribute')?.text);
}

/** Last component of a dotted name: `flask_login.login_required` → `login_required`. */
export function lastName(dotted: string | undefined): string | undefined {
  if (!dotted) return undefined;
  const i = dotted.lastIndexOf('.');
  return i < 0 ? dotted : dotted.slice(i + 1);
}

/** Elements of a list/tuple/set literal or of an unpacking target (`for rule, view in ...`), or undefined. */
export function sequenceItems(node: SyntaxNode | undefined): SyntaxNode[] | undefined {
  const n = unwrap(node);
  if (!n || !['list', 'tuple', 'set', 'expression_list', 'pattern_list', 'tuple_pattern', 'list_pattern'].includes(n.type)) return undefined;
  return n.namedChildren.filter((c) => c.type !== 'comment');
}

/** String elements of a literal list/tuple/set (`methods=['GET', 'POST']`). */
export function stringItems(node: SyntaxNode | undefined): string[] | undefined {
  const single = stringValue(unwrap(node));
  if (single !== undefined) return [single];
  const items = sequenceItems(node);
  if (!items) return undefined;
  const values = items.map(stringValue);
  return values.every((v) => v !== undefined) ? (values as string[]) : undefined;
}

export function isTrue(node: SyntaxNode | undefined): boolean {
  const n = unwrap(node);
  return !!n && (n.type === 'true' || (n.type === 'integer' && n.text !== '0'));
}

export function isFalse(node: SyntaxNode | undefined): boolean {
  const n = unwrap(node);
  return !!n && (n.type === 'false' || (n.type === 'integer' && n.text === '0') || n.type === 'none');
}

/** Integer literal value, else undefined. */
export function intValue(node: SyntaxNode | undefined): number | undefined {
  const n = unwrap(node);
  if (!n || n.type !== 'integer') return undefined;
  const v = Number(n.text.replace(/_/g, ''));
  return Number.isFinite(v) ? v : undefined;
}

/** The node's source with its comments cut out: what the code says, not what a note about it says (`# TODO: throttle`). */
export function codeText(node: SyntaxNode): string {
  const comments = node.find('comment');
  if (!comments.length) return node.text;
  let out = '';
  let at = node.start;
  for (const c of comments) {
    out += node.unit.text.slice(at - node.unit.base, c.start - node.unit.base);
    at = c.end;
  }
  return out + node.unit.text.slice(at - node.unit.base, node.end - node.unit.base);
}

/** The statements of a block (`body`, `consequence`...), comments excluded. */
export function statements(block: SyntaxNode | undefined): SyntaxNode[] {
  if (!block) return [];
  return block.namedChildren.filter((c) => c.type !== 'comment');
}

/** A function definition's decorators, outermost first, with the definition they wrap. */
export function decoratorsOf(def: SyntaxNode): SyntaxNode[] {
  const parent = def.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.children.filter((c) => c.type === 'decorator');
}

/** The decorator's expression (`app.route('/x')`, `login_required`). */
export function decoratorExpression(decorator: SyntaxNode): SyntaxNode | undefined {
  const expr = decorator.namedChildren.find((c) => c.type !== 'comment');
  // `@cast(Callable[..., Response], jwt_required())` keeps a type checker quiet and decorates with its second argument.
  const parts = expr?.type === 'call' ? callParts(expr) : undefined;
  return parts && /^(typing\.)?cast$/.test(parts.name ?? '') && parts.positional.length === 2 ? parts.positional[1] : expr;
}

/** Parameter names of a function definition, `self`/`cls` included. */
export function parameterNames(def: SyntaxNode): string[] {
  const names: string[] = [];
  for (const p of def.field_('parameters')?.namedChildren ?? []) {
    if (p.type === 'identifier') names.push(p.text);
    else {
      const id = p.field_('name') ?? p.namedChildren.find((c) => c.type === 'identifier');
      if (id?.type === 'identifier') names.push(id.text);
    }
  }
  return names;
}

/** Names bound by an assignment target (`a`, `a, b`, `(a, [b])`). */
export function targetNames(target: SyntaxNode | undefined): string[] {
  const t = unwrap(target);
  if (!t) return [];
  if (t.type === 'identifier') return [t.text];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list'].includes(t.type)) {
    return t.namedChildren.flatMap(targetNames);
  }
  return [];
}

/** Words of an identifier or path: `deleteUser`, `delete_user`, `/admin/users` → [delete, user]. */
export function words(text: string): readonly string[] {
  let found = WORDS.get(text);
  if (!found) {
    // Route paths and names are asked about again on every pass: 5% of a full pass was splitting them.
    if (WORDS.size > 50_000) WORDS.clear();
    found = Object.freeze(
      text
        .replace(/<[^>]*>/g, ' ')
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean),
    );
    WORDS.set(text, found);
  }
  return found;
}

const WORDS = new Map<string, readonly string[]>();
