/**
 * "Add @login_required": the authentication decorator this project already
 * uses most, else the one its imports suggest, inserted directly under the
 * route decorator (as the innermost decorator of the view), with its import.
 */
import type { FlaskModel, Route } from '../analysis/flask-model';
import type { IndexedFile } from '../analysis/workspace';
import { isOptionalAuth } from '../analysis/auth';
import { callParts, dottedName, lastName } from '../analysis/python';
import type { FileEdit, Fix, RuleContext } from '../rules/types';
import { createApiKeyDecoratorFix } from './api-key-decorator';
import { ensureImport } from './imports';
import { linesOf } from './statements';

export interface AuthDecoratorChoice {
  /** Decorator source without `@`: `login_required`, `jwt_required()`, `auth.login_required`. */
  text: string;
  /** Import that makes its first name available, when it needs one. */
  import?: { module: string; name: string };
}

const LIBRARY_DEFAULTS: [RegExp, AuthDecoratorChoice][] = [
  [/^flask_security/, { text: 'auth_required()', import: { module: 'flask_security', name: 'auth_required' } }],
  [/^flask_jwt_extended/, { text: 'jwt_required()', import: { module: 'flask_jwt_extended', name: 'jwt_required' } }],
  [/^flask_login/, { text: 'login_required', import: { module: 'flask_login', name: 'login_required' } }],
];

/**
 * The choice is the project's, not the route's: one per model (a model is
 * built per workspace state), since counting every route's decorators again
 * for each finding took a third of `check` on a 200-file workspace.
 */
const choices = new WeakMap<FlaskModel, { choice: AuthDecoratorChoice | undefined }>();

/** The decorator the project uses most on its routes, else the one its imports suggest. */
export function chooseAuthDecorator(ctx: RuleContext): AuthDecoratorChoice | undefined {
  const model = ctx.model;
  let entry = choices.get(model);
  if (!entry) choices.set(model, (entry = { choice: projectAuthDecorator(ctx) }));
  return entry.choice;
}

function projectAuthDecorator(ctx: RuleContext): AuthDecoratorChoice | undefined {
  const counts = new Map<string, { count: number; choice: AuthDecoratorChoice }>();
  for (const route of ctx.model.routes) {
    for (const d of route.decorators) {
      if (d.role !== 'authentication') continue;
      const choice = describe(ctx, d.file, d.expr.text, dottedName(callParts(d.expr)?.callee ?? d.expr));
      if (!choice) continue;
      const entry = counts.get(choice.text) ?? { count: 0, choice };
      entry.count++;
      counts.set(choice.text, entry);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.count - a.count)[0];
  if (best) return best.choice;
  const httpAuth = httpAuthInstance(ctx);
  if (httpAuth) return httpAuth;
  const modules = [...ctx.workspace.all()].flatMap((f) => f.facts.imports.map((i) => i.module));
  for (const [re, choice] of LIBRARY_DEFAULTS) if (modules.some((m) => re.test(m))) return choice;
  return undefined;
}

/** Flask-HTTPAuth: `auth = HTTPBasicAuth()` somewhere in the project gives `@auth.login_required`. */
function httpAuthInstance(ctx: RuleContext): AuthDecoratorChoice | undefined {
  for (const f of ctx.workspace.all()) {
    for (const a of f.facts.assignments) {
      if (a.scope || a.names.length !== 1 || !/^(HTTPBasicAuth|HTTPTokenAuth|HTTPDigestAuth|MultiAuth)$/.test(lastName(callParts(a.value)?.name) ?? '')) continue;
      const name = a.names[0]!;
      return { text: `${name}.login_required`, import: { module: f.module, name } };
    }
  }
  return undefined;
}

/** How to write a decorator used in `from` in another file: its text and the import it needs. */
function describe(ctx: RuleContext, from: IndexedFile, text: string, name: string | undefined): AuthDecoratorChoice | undefined {
  if (!name) return undefined;
  const head = name.split('.')[0]!;
  const imported = from.facts.imports.find((i) => i.local === head);
  if (imported && imported.member) return { text, import: { module: absoluteModule(from, imported.module), name: imported.member === head ? head : imported.member } };
  if (imported) return { text };
  const binding = ctx.workspace.resolveName(from, head);
  if (binding && (binding.kind === 'function' || binding.kind === 'value' || binding.kind === 'class')) {
    return { text, import: { module: binding.file.module, name: head } };
  }
  return { text };
}

function absoluteModule(file: IndexedFile, module: string): string {
  if (!module.startsWith('.')) return module;
  const dots = module.match(/^\.+/)![0].length;
  const parts = file.module.split('.');
  const isPackage = file.path.endsWith('__init__.py');
  const base = parts.slice(0, parts.length - dots + (isPackage ? 1 : 0));
  return [...base, module.slice(dots)].filter(Boolean).join('.');
}

/** Edits that put `@decorator` right above the view's `def` (below every route decorator). */
export function insertDecoratorEdits(route: Route, choice: AuthDecoratorChoice): FileEdit[] {
  const file = route.file;
  const def = route.view.node;
  const text = file.source.text;
  const { lineStart, indent } = linesOf(text, def.start, def.end);
  const edits: FileEdit[] = [{ kind: 'replace', file: file.path, start: lineStart, end: lineStart, text: `${indent}@${choice.text}\n` }];
  const head = choice.text.split(/[.(]/)[0]!;
  if (choice.import && choice.import.module !== file.module) {
    const imp = ensureImport(file, choice.import.module, choice.import.name === head ? head : choice.import.name);
    if (imp) edits.push(imp);
  }
  return edits;
}

/**
 * The project's decorator when it has one; "Create `require_api_key`" for
 * API routes, and for projects with no authentication at all.
 */
export function authDecoratorFixes(ctx: RuleContext, route: Route): Fix[] {
  const optional = requireOptional(route);
  if (optional) return [optional];
  const fixes: Fix[] = [];
  const choice = chooseAuthDecorator(ctx);
  if (choice) fixes.push({ title: `Add \`@${choice.text}\``, applicability: 'unsafe', edits: insertDecoratorEdits(route, choice) });
  const isApi = /^\/api(\/|$)/.test(route.rule) || /api/i.test(route.target.name);
  if (!choice || (isApi && !/api_key|apikey|token|jwt/i.test(choice.text))) {
    const create = createApiKeyDecoratorFix(ctx.workspace, route);
    if (create) fixes.push(create);
  }
  return fixes;
}

/** `@jwt_required(optional=True)` already names the check: drop `optional=True` rather than stack a second one. */
function requireOptional(route: Route): Fix | undefined {
  for (const use of route.decorators) {
    if (!isOptionalAuth(use.expr)) continue;
    const args = callParts(use.expr)!;
    const keyword = use.expr.field_('arguments')?.namedChildren.find((a) => a.type === 'keyword_argument' && a.field_('name')?.text === 'optional');
    if (!keyword) continue;
    const list = keyword.parent!;
    const items = list.namedChildren;
    const i = items.indexOf(keyword);
    const [start, end] = items.length === 1 ? [keyword.start, keyword.end] : i + 1 < items.length ? [keyword.start, items[i + 1]!.start] : [items[i - 1]!.end, keyword.end];
    return {
      title: `Make \`@${args.name}\` required`,
      applicability: 'unsafe',
      edits: [{ kind: 'replace', file: use.file.path, start, end, text: '' }],
    };
  }
  return undefined;
}
