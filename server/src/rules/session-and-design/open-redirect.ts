import { ownNodes } from '../../analysis/body';
import { flowOf, type FunctionFlow, type SourceKind, type Taint } from '../../analysis/dataflow';
import { unitFacts, type FunctionFact } from '../../analysis/facts';
import { callParts, decoratorExpression, dottedName, lastName, stringValue, unwrap } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import type { Fix } from '../types';
import { defineRule } from '../types';

/** Request values a client chooses freely. */
const SOURCES = new Set<SourceKind>(['arg', 'form', 'values', 'json', 'data', 'cookie', 'header', 'view-arg']);
/** Helper names that say "this URL stays on our site". */
const SAFE_HELPER = /safe|allowed|trusted|valid|same_?(host|origin|site|domain)|is_local|local_url|internal|relative|whitelist|allowlist|has_allowed_host/i;
const URL_PARSERS = /^(urllib\.parse\.)?(urlparse|urlsplit)$|^(parse\.)?(urlparse|urlsplit)$|^url_parse$/;
const REDIRECTS = /^(flask|flask\.helpers|werkzeug|werkzeug\.utils)\.redirect$/;
export const HELPER_NAME = 'is_safe_redirect_url';

const HELPER = [
  `def ${HELPER_NAME}(target):`,
  '    # Only a path on this site: "/next" yes; "//evil.example", "/\\\\evil.example", "https://..." no.',
  '    # Browsers drop tabs and newlines from URLs and read "\\\\" as "/", so those are refused too.',
  "    if not target or any(c in target for c in '\\t\\r\\n'):",
  '        return False',
  "    target = target.replace('\\\\', '/')",
  "    return target.startswith('/') and not target.startswith('//')",
].join('\n');

interface Check {
  /** Expressions whose value the check inspects. */
  subjects: readonly SyntaxNode[];
}

/**
 * Same-host checks in the function: a safe-URL helper, `urlparse(x).netloc`
 * (or `.scheme`/`.hostname`, also through a variable), `x.startswith(...)` (a bare `'/'` prefix only with a `//` test),
 * `x in ALLOWED`.
 */
function sameHostChecks(fn: FunctionFact, workspace: Workspace, file: IndexedFile): Check[] {
  const checks: Check[] = [];
  const parsedNames = new Map<string, readonly SyntaxNode[]>();
  for (const a of ownNodes(fn.node.field_('body'), ['assignment'])) {
    const parts = callParts(a.field_('right'));
    const target = a.field_('left');
    if (parts && URL_PARSERS.test(parts.name ?? '') && target?.type === 'identifier') parsedNames.set(target.text, parts.positional);
  }
  for (const n of ownNodes(fn.node.field_('body'), ['call', 'attribute', 'comparison_operator'])) {
    if (n.type === 'call') {
      const parts = callParts(n)!;
      const name = lastName(parts.name) ?? '';
      if (parts.callee.type === 'attribute' && name === 'startswith') {
        if (!onlyRootPrefix(parts.positional) || refusesProtocolRelative(fn)) checks.push({ subjects: [parts.callee.field_('object')!] });
      } else if ((SAFE_HELPER.test(name) || checksHost(workspace, file, fn, n)) && !dropsVerdict(workspace, file, fn, n)) checks.push({ subjects: parts.positional });
    } else if (n.type === 'attribute' && /^(netloc|scheme|hostname|host)$/.test(n.field_('attribute')?.text ?? '')) {
      const obj = unwrap(n.field_('object'));
      const parts = callParts(obj);
      if (parts && URL_PARSERS.test(parts.name ?? '')) checks.push({ subjects: parts.positional });
      else if (obj?.type === 'identifier' && parsedNames.has(obj.text)) checks.push({ subjects: parsedNames.get(obj.text)! });
    } else if (n.type === 'comparison_operator' && n.children.some((c) => c.type === 'in' || c.text === 'not in')) {
      checks.push({ subjects: [n.namedChildren[0]!] });
    }
  }
  return checks;
}

/**
 * `is_safe_url(next_url)` on a line of its own: the answer is thrown away and the redirect goes ahead, unless the
 * workspace helper refuses by itself (`abort(400)`, `raise`).
 */
function dropsVerdict(workspace: Workspace, file: IndexedFile, fn: FunctionFact, call: SyntaxNode): boolean {
  if (call.parent?.type !== 'expression_statement') return false;
  const name = callParts(call)?.name;
  const b = name ? workspace.resolveDotted(file, name, fn) : undefined;
  if (b?.kind !== 'function') return true;
  return !ownNodes(b.fact.node.field_('body'), ['raise_statement', 'call']).some((n) => n.type === 'raise_statement' || lastName(callParts(n)?.name) === 'abort');
}

/** `x.startswith('/')`: `//evil.example` starts with '/' too, so the prefix alone keeps no one on the site. */
function onlyRootPrefix(args: readonly SyntaxNode[]): boolean {
  const arg = unwrap(args[0]);
  const items = arg?.type === 'tuple' ? arg.namedChildren : arg ? [arg] : [];
  return args.length === 1 && items.length > 0 && items.every((i) => stringValue(i) === '/');
}

/** The function also tests for `//` (or a backslash), the spellings a browser reads as another host. */
function refusesProtocolRelative(fn: FunctionFact): boolean {
  return ownNodes(fn.node.field_('body'), ['string']).some((s) => /^(\/\/|\\|\/\\)$/.test(stringValue(s) ?? ''));
}

/** A workspace helper whose body parses the URL's host (`def check_next(url): ... urlparse(url).netloc`). */
function checksHost(workspace: Workspace, file: IndexedFile, fn: FunctionFact, call: SyntaxNode): boolean {
  const name = callParts(call)?.name;
  if (!name) return false;
  const b = workspace.resolveDotted(file, name, fn);
  return b?.kind === 'function' && HOST_CHECK.test(b.fact.node.text);
}

/**
 * The helper the value came out of checks it before returning it (the
 * `get_redirect_target()` idiom: it returns `next` only when `is_safe_url(next)`).
 */
function checkedByHelper(t: Taint, fn: FunctionFact, workspace: Workspace, file: IndexedFile): boolean {
  const step = t.steps.find((s) => s.op === 'helper');
  if (step?.op !== 'helper') return false;
  const call = ownNodes(fn.node.field_('body'), ['call']).find((c) => lastName(callParts(c)?.name) === step.name);
  const name = call && callParts(call)?.name;
  const b = name ? workspace.resolveDotted(file, name, fn) : undefined;
  if (b?.kind !== 'function') return false;
  const flow = flowOf(b.fact.node, workspace, b.file, b.fact);
  return sameHostChecks(b.fact, workspace, b.file).some((c) => c.subjects.some((s) => flow.taintsOf(s).some((x) => sameSource(t, x))));
}

const HOST_CHECK = /\.(netloc|hostname)\b|urlparse|urlsplit|url_has_allowed_host/;

/** What callers' verdicts depend on: the function parses a URL's host or calls a safe-URL helper (a cheap, syntax-only superset of `sameHostChecks`). */
function mayCheckHost(f: FunctionFact): boolean {
  return HOST_CHECK.test(f.node.text) || ownNodes(f.node.field_('body'), ['call']).some((c) => SAFE_HELPER.test(lastName(callParts(c)?.name) ?? ''));
}

function sameSource(a: Taint, b: Taint): boolean {
  return a.source.kind === b.source.kind && a.source.name === b.source.name;
}

/**
 * A literal local path or a fixed host at the start of a URL's text: `/users/`, `/?q=`, `https://example.com/search?q=`.
 * A bare `/` is no path: `'/' + '/evil.example'` is `//evil.example`, another host (`/\evil.example` too, to browsers).
 */
const FIXED_START = /^(\/[^/\\]|https?:\/\/[^/{]+\/)/;

/**
 * A literal local path or a fixed host in front of the request value: `f'/users/{x}'`, `url_for('a') + '?' + q`,
 * `'https://example.com/search?q={}'.format(q)`.
 */
function fixedPrefix(expr: SyntaxNode | undefined): boolean {
  let n = unwrap(expr);
  while (n?.type === 'binary_operator') n = unwrap(n.field_('left'));
  if (!n) return false;
  if (n.type === 'string') {
    const first = n.children.find((c) => c.type === 'string_content' || c.type === 'interpolation');
    return first?.type === 'string_content' && FIXED_START.test(first.text);
  }
  const parts = callParts(n);
  const template = parts?.callee.type === 'attribute' && parts.callee.field_('attribute')?.text === 'format' ? stringValue(parts.callee.field_('object')) : undefined;
  // Only the text before the first placeholder is fixed.
  if (template !== undefined) return FIXED_START.test(template.split('{')[0]!);
  return lastName(parts?.name) === 'url_for';
}

/**
 * `url = '/decks/' + name` then `redirect(url)`: every value the function gives the name starts with a fixed prefix.
 * The name must be bound only by plain assignments (not a parameter, a loop or a walrus), each with a fixed prefix.
 */
function fixedPrefixName(fn: FunctionFact, arg: SyntaxNode | undefined): boolean {
  const name = unwrap(arg);
  if (name?.type !== 'identifier' || fn.params.includes(name.text)) return false;
  const body = fn.node.field_('body');
  const binds = (target: SyntaxNode | null | undefined) => !!target?.find('identifier').some((id) => id.text === name.text);
  const values: SyntaxNode[] = [];
  for (const n of ownNodes(body, ['assignment', 'augmented_assignment', 'for_statement', 'named_expression', 'as_pattern'])) {
    const target = n.type === 'named_expression' ? n.field_('name') : n.type === 'as_pattern' ? n.field_('alias') : n.field_('left');
    if (!binds(target)) continue;
    if (n.type !== 'assignment' && n.type !== 'augmented_assignment') return false;
    if (target!.type !== 'identifier') return false;
    // `url += q` appends to what the name held: the prefix stays.
    if (n.type === 'assignment') values.push(n.field_('right')!);
  }
  return values.length > 0 && values.every(fixedPrefix);
}

/** Path parameters of the routes a view is registered for in this file (`<path:target>`). */
function pathParams(fn: FunctionFact): Set<string> {
  const out = new Set<string>();
  for (const d of fn.decorators) {
    const parts = callParts(decoratorExpression(d));
    const rule = stringValue(parts?.positional[0]);
    if (!rule) continue;
    for (const m of rule.matchAll(/<(?:[^:>]+:)?(\w+)>/g)) if (fn.params.includes(m[1]!)) out.add(m[1]!);
  }
  return out;
}

/** `TARGETS[name]`, `TARGETS.get(name)`: the parameter picks a value the app holds; the data flow reads request values the same way. */
function lookupKey(id: SyntaxNode): boolean {
  const parent = id.parent;
  if (parent?.type === 'subscript') return parent.field_('subscript') === id;
  const call = parent?.type === 'argument_list' ? parent.parent ?? undefined : undefined;
  const parts = callParts(call);
  return !!parts && parts.callee.type === 'attribute' && lastName(parts.name) === 'get' && parts.positional[0] === id;
}

function describe(t: Taint): string {
  const s = t.source;
  // `request.referrer` names the header itself.
  if (s.node.type === 'attribute' && s.kind === 'header') return s.node.text;
  const key = s.name !== undefined ? `['${s.name}']` : '';
  const where: Partial<Record<SourceKind, string>> = { arg: 'request.args', form: 'request.form', values: 'request.values', json: 'the request JSON', data: 'the request body', cookie: 'request.cookies', header: 'request.headers', 'view-arg': 'request.view_args' };
  return `${where[s.kind] ?? 'the request'}${key}`;
}

function isRedirect(workspace: Workspace, file: IndexedFile, fn: FunctionFact, callee: SyntaxNode): boolean {
  const name = dottedName(callee);
  if (lastName(name) !== 'redirect') return false;
  const b = workspace.resolveExpression(file, callee, fn);
  if (!b) return name === 'redirect';
  return b.kind === 'external' && REDIRECTS.test(b.qualified);
}

/** An expression that can be evaluated twice without side effects: a name, attribute, item or `.get(...)` read. */
function repeatable(n: SyntaxNode): boolean {
  if (n.type === 'identifier' || n.type === 'attribute' || n.type === 'subscript') return true;
  const parts = callParts(n);
  return !!parts && parts.callee.type === 'attribute' && lastName(parts.name) === 'get';
}

function redirectFix(file: IndexedFile, arg: SyntaxNode, flow: FunctionFlow): Fix | undefined {
  const n = unwrap(arg)!;
  let value = n;
  let fallback = "'/'";
  if (n.type === 'boolean_operator' && n.children.some((c) => c.type === 'or')) {
    const left = unwrap(n.field_('left'))!;
    const right = n.field_('right')!;
    if (!flow.taintsOf(left).length || flow.taintsOf(right).length) return undefined;
    value = left;
    fallback = right.text;
  }
  if (!repeatable(value)) return undefined;
  const edits: Fix['edits'] = [{ kind: 'replace', file: file.path, start: n.start, end: n.end, text: `${value.text} if ${HELPER_NAME}(${value.text}) else ${fallback}` }];
  if (!file.symbols.has(HELPER_NAME)) {
    // One place per file, so several fixes in a file share the helper.
    const imports = file.facts.imports.filter((i) => i.node.parent === null);
    const last = imports[imports.length - 1];
    const text = file.source.text;
    const at = last ? text.indexOf('\n', last.node.end) + 1 || text.length : 0;
    // Two blank lines around the new function (PEP 8), counting the ones already there.
    const blanks = /^\n*/.exec(text.slice(at))![0].length;
    edits.push({ kind: 'replace', file: file.path, start: at, end: at, text: `${last ? '\n\n' : ''}${HELPER}\n${'\n'.repeat(Math.max(0, 2 - blanks))}` });
  }
  return { title: `Redirect only to local paths (\`${HELPER_NAME}\`)`, applicability: 'unsafe', edits };
}

export default defineRule({
  meta: {
    code: 'FG307',
    name: 'open-redirect',
    family: 'session-and-design',
    severity: 'warning',
    cwe: [601],
    summary: '`redirect()` sends users to a URL taken from the request with no same-host check.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Redirect only to local paths' },
    docs: {
      whatItDoes:
        'Follows request values (`request.args`, `request.form`, JSON, cookies, headers, `request.referrer`, URL path parameters) through ' +
        'assignments, `or` defaults and small helpers into `flask.redirect(...)`. It is quiet when the function checks the ' +
        'value with a safe-URL helper (`is_safe_url(target)`, `url_has_allowed_host_and_scheme`), `urlparse(x).netloc` / ' +
        '`.scheme`, `x.startswith(...)` (`startswith(\'/\')` only beside a test for `//`, which it lets through) or an allow-list, when the target is built with `url_for`, or when a literal local path or a fixed host ' +
        'comes first (`f"/users/{name}"`, `\'https://example.com/search?q={}\'.format(q)`, also through a name every assignment of which starts so).',
      whyIsThisBad:
        'A login link such as `https://your.app/login?next=https://evil.example` looks trustworthy, and after signing in the ' +
        'user lands on the attacker\'s look-alike page, which asks for the password again or for a payment. Open redirects ' +
        'also defeat OAuth redirect-URI allow-lists.',
      example: [
        'from flask import Flask, redirect, request, url_for',
        '',
        'app = Flask(__name__)',
        '',
        '',
        "@app.route('/after-login')",
        'def after_login():',
        "    next_url = request.args.get('next')",
        "    return redirect(next_url or url_for('index'))",
        '',
      ].join('\n'),
      useInstead: [
        'from urllib.parse import urlparse',
        '',
        'from flask import Flask, redirect, request, url_for',
        '',
        'app = Flask(__name__)',
        '',
        '',
        "@app.route('/after-login')",
        'def after_login():',
        "    next_url = request.args.get('next', '')",
        '    if urlparse(next_url).netloc or urlparse(next_url).scheme:',
        "        next_url = ''",
        "    return redirect(next_url or url_for('index'))",
        '',
      ].join('\n'),
      fixSafety:
        `Unsafe: the fix adds \`${HELPER_NAME}(target)\` (a path on this site only, refusing \`//host\`, \`/\\host\` and any ` +
        'scheme) and redirects to the existing fallback (or `/`) otherwise, so absolute links back to your own host now land ' +
        'on the fallback.',
      references: ['https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html'],
    },
  },
  summarize(unit) {
    // Callers' verdicts depend on which helpers check a URL's host (their bodies are not in the unit interface).
    return unitFacts(unit).functions.filter(mayCheckHost).map((f) => f.qualname).join(',');
  },
  checkUnit(unit, ctx) {
    const { file, workspace } = ctx;
    // Test code is not served: a session forged through `session_transaction()` or a throwaway app in a fixture is scaffolding.
    if (file.inTests) return;
    for (const fn of unitFacts(unit).functions) {
            const redirects = ownNodes(fn.node.field_('body'), ['call']).filter((c) => isRedirect(workspace, file, fn, callParts(c)!.callee));
      if (!redirects.length) continue;
      const flow = flowOf(fn.node, workspace, file, fn);
      const params = pathParams(fn);
      let checks: Check[] | undefined;
      for (const call of redirects) {
        const parts = callParts(call)!;
        const arg = parts.positional[0] ?? parts.keywords.get('location');
        if (!arg || fixedPrefix(arg) || fixedPrefixName(fn, arg)) continue;
        const taints = flow.taintsOf(arg).filter((t) => SOURCES.has(t.source.kind));
        const param = arg.find('identifier').find((id) => params.has(id.text) && id.parent?.type !== 'attribute' && !lookupKey(id));
        if (!taints.length && !param) continue;
        checks ??= sameHostChecks(fn, workspace, file);
        const guarded = checks.some((c) =>
          c.subjects.some((s) => {
            const checked = flow.taintsOf(s);
            return taints.some((t) => checked.some((x) => sameSource(t, x))) || (param && s.find('identifier').some((id) => id.text === param.text));
          }),
        );
        if (guarded || (!param && taints.every((t) => checkedByHelper(t, fn, workspace, file)))) continue;
        const shown = unwrap(arg)!.type === 'identifier' ? `\`${unwrap(arg)!.text}\` comes from ${taints[0] ? `\`${describe(taints[0])}\`` : 'the URL'} and` : `\`${taints[0] ? describe(taints[0]) : param!.text}\``;
        ctx.report(file, call, `${shown} reaches \`redirect()\` with no same-host check, so a crafted link can send users to another site; redirect only to local paths`, {
          fixes: [redirectFix(file, arg, flow)].filter((f): f is Fix => !!f),
        });
      }
    }
  },
});
