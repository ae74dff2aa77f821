import * as path from 'node:path';
import { loadProject } from '../engine/project';
import { failsEveryRequest } from './auth';
import type { FlaskModel, Route, RouteAuth } from './flask-model';
import { guardsRequest } from './route-auth';
import type { IndexedFile } from './workspace';

/**
 * The static route map: every route the analysis found, in a shape the
 * black-box scanner and the editor can use without knowing the model.
 */
export interface RouteMapEntry {
  /** Flask URL rule with converters, prefixes applied: `/api/users/<int:user_id>`. */
  rule: string;
  /** Upper-case HTTP methods the view accepts (HEAD/OPTIONS not listed unless explicit). */
  methods: string[];
  /** Endpoint name as Flask would register it (`bp.view`). */
  endpoint: string;
  /** Absolute path of the file that defines the view. */
  file: string;
  /** 1-based line and column of the view's name (the `def` line). */
  line: number;
  column: number;
  /** The static analysis sees an authentication requirement on every method. */
  authenticated: boolean;
  /** FG101's words: the path or name speaks of admin, users, export, ... or it accepts writes. */
  sensitive: boolean;
  /** Login, health, index, static, docs...: open by design. */
  publicByNature: boolean;
  /** What the analysis counts as the route's protection, so a reader can check it. */
  protection: Protection[];
  /** Auth decorators written above the route decorator, which wrap nothing Flask calls (FG107). */
  misplaced: string[];
  /** The handler fails every request (a base view's `raise MethodNotAllowed()`): it opens nothing. */
  stub: boolean;
}

/**
 * One thing that protects a route: a decorator on the view (`authorization`: it checks a role
 * or permission), a before-request hook, a check in the view's own body, or a method of its
 * class view that runs first (`dispatch_request`, Flask-Classful's `before_request`).
 */
export interface Protection {
  kind: 'decorator' | 'authorization' | 'hook' | 'body' | 'method';
  /** `login_required`, `roles_required('admin')`, the hook's or the view's function name, `Class.dispatch_request`. */
  name: string;
  /** Absolute path and 1-based line where it is written. */
  file: string;
  line: number;
}

/** How a route stands: `exposed` is what FG101 reports (sensitive, open, not public by design). */
export type RouteStanding = 'protected' | 'exposed' | 'public' | 'open';

export function standing(entry: RouteMapEntry): RouteStanding {
  if (entry.authenticated) return 'protected';
  if (entry.publicByNature) return 'public';
  return entry.sensitive ? 'exposed' : 'open';
}

/** One line saying why a route stands as it does, with files relative to `root`; `markdown` quotes names as code. */
export function explainStanding(entry: RouteMapEntry, root: string, markdown = false): string {
  const describe = (p: Protection) => describeProtection(p, root, markdown ? (t) => `\`${t}\`` : (t) => t);
  if (entry.misplaced.length) return `${entry.misplaced.map((m) => describe({ kind: 'decorator', name: m, file: entry.file, line: entry.line })).join(', ')} sits above the route decorator and protects nothing (FG107)`;
  switch (standing(entry)) {
    case 'protected':
      return entry.protection.length ? 'protected by ' + entry.protection.map(describe).join(', ') : 'protected: no method reaches the view unchecked';
    case 'public':
      if (entry.stub) return 'a stub: the handler fails every request, so it opens nothing';
      return 'public: open by design (an entry page, login, sign-up, reset, health or docs) or listed in the public-routes setting';
    case 'exposed':
      return entry.protection.length ? `sensitive, and ${describe(entry.protection[0]!)} leaves some methods open (FG101)` : 'sensitive, and open to anyone (FG101)';
    case 'open':
      return entry.protection.length ? `${describe(entry.protection[0]!)} leaves some methods open` : 'open to anyone';
  }
}

function describeProtection(p: Protection, root: string, code: (text: string) => string): string {
  const where = code(`${path.relative(root, p.file) || path.basename(p.file)}:${p.line}`);
  switch (p.kind) {
    case 'decorator':
      return code(`@${p.name}`);
    case 'authorization':
      return `${code(`@${p.name}`)} (a role or permission check)`;
    case 'hook':
      return `the hook ${code(`${p.name}()`)} at ${where}`;
    case 'body':
      return `a check in ${code(`${p.name}()`)} itself`;
    case 'method':
      return `a check in ${code(`${p.name}()`)} before the handler`;
  }
}

/** The route map of a loaded engine. */
export function routeMapOf(model: FlaskModel): RouteMapEntry[] {
  return model.routes.map((route) => routeEntry(model, route));
}

export function routeEntry(model: FlaskModel, route: Route): RouteMapEntry {
  const auth = model.auth(route);
  const pos = route.file.source.lineIndex.position(route.reportNode.start);
  return {
    rule: route.rule,
    methods: route.methods,
    endpoint: model.fullEndpoint(route),
    file: route.file.path,
    line: pos.line + 1,
    column: pos.character + 1,
    authenticated: auth.openMethods.length === 0 && !route.misplaced.length,
    sensitive: auth.sensitive,
    publicByNature: auth.publicByNature,
    protection: protectionOf(model, route, auth),
    misplaced: route.misplaced.map((d) => oneLine(d.expr.text)),
    stub: failsEveryRequest(route.view.node.field_('body')),
  };
}

/** A decorator written over several lines, as one line for a list or a hover (`@api('/x', rule='r', methods=['GET'])`). */
function oneLine(code: string): string {
  return code.replace(/([([{])\s*\n\s*/g, '$1').replace(/\s*\n\s*([)\]}])/g, '$1').replace(/\s*\n\s*/g, ' ');
}

function protectionOf(model: FlaskModel, route: Route, auth: RouteAuth): Protection[] {
  const at = (file: IndexedFile, offset: number) => ({ file: file.path, line: file.source.lineIndex.position(offset).line + 1 });
  const out: Protection[] = [];
  for (const d of route.decorators) {
    if (d.role !== 'authentication' && d.role !== 'authorization') continue;
    // A class view's method that runs before the handler stands for a decorator: name it as the method it is.
    const method = d.expr.field === 'name' && d.expr.parent?.type === 'function_definition' ? d.expr.parent : undefined;
    if (method) {
      const owner = method.ancestor('class_definition')?.field_('name')?.text;
      out.push({ kind: 'method', name: owner ? `${owner}.${d.expr.text}` : d.expr.text, ...at(d.file, d.expr.start) });
    } else out.push({ kind: d.role === 'authentication' ? 'decorator' : 'authorization', name: oneLine(d.expr.text), ...at(d.file, d.expr.start) });
  }
  const endpoint = model.fullEndpoint(route);
  // Listed only when it guards this route: a hook may exempt its endpoint or its methods.
  for (const h of auth.hooks) if (route.methods.some((m) => guardsRequest(h.guard, m, route, endpoint))) out.push({ kind: 'hook', name: h.fn.name, ...at(h.file, h.fn.nameNode.start) });
  if (auth.protectedBy.includes('body')) out.push({ kind: 'body', name: route.view.name, ...at(route.file, route.view.nameNode.start) });
  return out;
}

/** Reads every Python file under `root` and returns the routes the static analysis sees. */
export async function buildRouteMap(root: string): Promise<RouteMapEntry[]> {
  const project = await loadProject(root, ['.'], {}, { incremental: false });
  return routeMapOf(project.engine.model);
}
