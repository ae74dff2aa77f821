/**
 * Flask-Admin's views: `admin = Admin(app)` then `admin.add_view(ModelView(User, db.session))`
 * serves pages that list, create, edit and delete the model's records under `/admin/user/`.
 * Flask-Admin lets anyone in unless the view's class overrides `is_accessible` (or
 * `_handle_view`), or a `before_request` hook of the app refuses anonymous callers first.
 */
import type { FlaskModel, FlaskTarget } from './flask-model';
import type { AssignmentFact, ClassFact, FunctionFact } from './facts';
import { callParts, decoratorExpression, dottedName, lastName, stringValue } from './python';
import { neverServed } from './registrations';
import { joinRule, matchesPublicSetting } from './routes';
import type { SyntaxNode } from './syntax';
import type { Binding, IndexedFile } from './workspace';

export interface AdminView {
  file: IndexedFile;
  /** The view's constructor call, where a finding goes. */
  node: SyntaxNode;
  /** `User` for `ModelView(User, ...)`, else the view class. */
  name: string;
  rule: string;
}

/** Methods whose override is Flask-Admin's way to decide who gets in. */
const ACCESS_METHODS = new Set(['is_accessible', '_handle_view']);

/** Views that anyone can open: no access method on their class, no guard of the app before them, not listed as public. */
export function openAdminViews(model: FlaskModel): AdminView[] {
  const admins = adminInstances(model);
  if (!admins.size) return [];
  const out: AdminView[] = [];
  for (const file of model.files) {
    for (const call of file.facts.calls) {
      const method = call.parts.callee.type === 'attribute' ? call.parts.callee.field_('attribute')?.text : undefined;
      if (method !== 'add_view' && method !== 'add_views') continue;
      const receiver = model.workspace.resolveExpression(file, call.parts.callee.field_('object'), call.scope);
      const admin = receiver?.kind === 'value' ? admins.get(receiver.fact) : undefined;
      if (!admin || guardedApp(model, admin.app) || unserved(model, admin.app)) continue;
      for (const arg of call.parts.positional) {
        const view = openView(model, file, arg, call.scope, admin.url);
        if (view && !model.settings.publicRoutes.some((p) => matchesPublicSetting(p, view.rule, view.name.toLowerCase()))) out.push(view);
      }
    }
  }
  return out;
}

interface AdminInstance {
  url: string;
  /** The app it is mounted on, when known (`Admin(app)`, `admin.init_app(app)`). */
  app: FlaskTarget | undefined;
}

function adminInstances(model: FlaskModel): Map<AssignmentFact, AdminInstance> {
  const admins = new Map<AssignmentFact, AdminInstance>();
  // An `Admin` comes from flask_admin, through some module's import: without one, resolving every assignment is waste.
  const files = model.files;
  if (!files.some((f) => f.facts.imports.some((i) => /^flask_admin(\.|$)/.test(i.module)))) return admins;
  for (const file of files) {
    for (const a of file.facts.assignments) {
      const parts = a.names.length === 1 ? callParts(a.value) : undefined;
      if (!parts || !isFlaskAdmin(model.workspace.resolveExpression(file, parts.callee, a.scope), 'Admin')) continue;
      const appExpr = parts.positional[0] ?? parts.keywords.get('app');
      admins.set(a, { url: stringValue(parts.keywords.get('url')) ?? '/admin', app: appExpr && model.resolveTarget(file, appExpr, a.scope) });
    }
  }
  if (!admins.size) return admins;
  // `admin = Admin(name='shop')` ... `admin.init_app(app)` in the factory.
  for (const file of model.files) {
    for (const call of file.facts.calls) {
      if (call.parts.callee.type !== 'attribute' || call.parts.callee.field_('attribute')?.text !== 'init_app' || !call.parts.positional[0]) continue;
      const receiver = model.workspace.resolveExpression(file, call.parts.callee.field_('object'), call.scope);
      const admin = receiver?.kind === 'value' ? admins.get(receiver.fact) : undefined;
      if (admin && !admin.app) admin.app = model.resolveTarget(file, call.parts.positional[0], call.scope);
    }
  }
  return admins;
}

/** `Admin(bp)` on a blueprint no app registers: its views hang off that blueprint, so Flask serves none of them. */
function unserved(model: FlaskModel, app: FlaskTarget | undefined): boolean {
  return app?.kind === 'blueprint' && neverServed(model, app);
}

function isFlaskAdmin(binding: Binding | undefined, name: string): boolean {
  return binding?.kind === 'external' && binding.qualified.startsWith('flask_admin') && lastName(binding.qualified) === name;
}

/** An app-wide `before_request` of the admin's app that refuses anonymous callers also guards the admin pages. */
function guardedApp(model: FlaskModel, app: FlaskTarget | undefined): boolean {
  return model.hooks.some((h) => h.guard.enforces && h.appWide && (!app || h.target === app || h.target.kind === 'unknown'));
}

/** `ModelView(User, db.session)`, `UserView(User, db.session, endpoint='users')`: the view, unless its class decides who gets in. */
function openView(model: FlaskModel, file: IndexedFile, node: SyntaxNode, scope: FunctionFact | undefined, adminUrl: string): AdminView | undefined {
  const parts = callParts(node);
  if (!parts) return undefined;
  const cls = model.workspace.resolveExpression(file, parts.callee, scope);
  if (!isOpenViewClass(model, cls)) return undefined;
  // A model view is named for its model (`ModelView(User, ...)` at `/admin/user/`), a page for its class.
  const name = lastName(dottedName(parts.positional[0])) ?? (cls?.kind === 'class' ? cls.fact.name : lastName(parts.name) ?? 'view');
  const path = stringValue(parts.keywords.get('url')) ?? stringValue(parts.keywords.get('endpoint')) ?? name.toLowerCase();
  return { file, node, name, rule: joinRule(adminUrl, path) + '/' };
}

/** A Flask-Admin view class (the library's, or the project's subclass of it) where no class up the chain decides access. */
function isOpenViewClass(model: FlaskModel, binding: Binding | undefined): boolean {
  if (binding?.kind === 'external') return isLibraryView(binding.qualified);
  if (binding?.kind !== 'class') return false;
  const chain = model.workspace.classChain(binding.file, binding.fact);
  if (chain.some(({ cls }) => cls.methods.some((m) => ACCESS_METHODS.has(m.name) && !grantsEveryone(m)))) return false;
  if (exposedPagesAuthenticate(model, chain)) return false;
  return chain.some(({ cls, file }) =>
    cls.bases.some((b) => {
      const base = model.workspace.resolveDotted(file, b, cls.enclosing);
      return base?.kind === 'external' && isLibraryView(base.qualified);
    }),
  );
}

/** `def is_accessible(self): return True`: an override that lets everyone in decides nothing. */
function grantsEveryone(method: FunctionFact): boolean {
  const statements = method.node.field_('body')?.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'expression_statement') ?? [];
  return statements.length === 1 && statements[0].type === 'return_statement' && statements[0].namedChildren[0]?.text === 'True';
}

/** A `BaseView` page whose every `@expose`d method also carries an auth decorator (`@login_required`). */
function exposedPagesAuthenticate(model: FlaskModel, chain: { cls: ClassFact; file: IndexedFile }[]): boolean {
  const pages = chain.flatMap(({ cls, file }) => cls.methods.filter((m) => m.decorators.some((d) => exposes(model, file, d, cls))).map((m) => ({ m, file })));
  return pages.length > 0 && pages.every(({ m, file }) => m.decorators.some((d) => model.decoratorUse(file, decoratorExpression(d)!, m.enclosing).role !== 'none'));
}

function exposes(model: FlaskModel, file: IndexedFile, decorator: SyntaxNode, cls: ClassFact): boolean {
  const expr = decoratorExpression(decorator);
  const callee = callParts(expr)?.callee ?? expr;
  return isFlaskAdmin(model.workspace.resolveExpression(file, callee, cls.enclosing), 'expose');
}

/** Flask-Admin's own view classes (`ModelView`, `BaseView`), not the index page. */
function isLibraryView(qualified: string): boolean {
  return qualified.startsWith('flask_admin') && /View$/.test(qualified) && !/AdminIndexView$/.test(qualified);
}
