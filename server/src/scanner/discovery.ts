import { Parser } from 'htmlparser2';
import type { RouteMapEntry } from '../analysis/route-map';
import { fillRule } from './flask-rule';
import type { ApiOperation } from './openapi';
import type { Endpoint } from './types';

/** Paths worth one request on any Flask app: debuggers, admin areas, the usual API nouns. */
export const wellKnownPaths = [
  '/console', '/debug', '/admin', '/admin/users', '/admin/config', '/api', '/api/admin', '/api/users',
  '/api/me', '/api/account', '/api/config', '/config', '/settings', '/users', '/account', '/me', '/profile',
];

/** Where an app usually serves its own OpenAPI document. */
export const wellKnownApiDocs = ['/openapi.json', '/swagger.json', '/api/openapi.json'];

/** Endpoints keyed by method and path; a second source enriches the first. */
export class EndpointSet {
  private readonly byKey = new Map<string, Endpoint>();

  add(endpoint: Endpoint): boolean {
    const key = `${endpoint.method} ${endpoint.path}`;
    const known = this.byKey.get(key);
    if (!known) {
      this.byKey.set(key, endpoint);
      return true;
    }
    known.route ??= endpoint.route;
    known.name ??= endpoint.name;
    known.documentedSecurity = known.documentedSecurity || endpoint.documentedSecurity;
    return false;
  }

  has(method: string, path: string): boolean {
    return this.byKey.has(`${method} ${path}`);
  }

  list(): Endpoint[] {
    return [...this.byKey.values()];
  }
}

/** One endpoint per method the static route map lists, converters filled. */
export function routeEndpoints(routes: readonly RouteMapEntry[]): Endpoint[] {
  return routes.flatMap((route) =>
    route.methods.map((method) => ({ method, path: fillRule(route.rule), name: route.endpoint, route })));
}

export function apiEndpoints(operations: readonly ApiOperation[]): Endpoint[] {
  return operations.map((op) => ({ method: op.method, path: op.path, documentedSecurity: op.secured }));
}

export function pathEndpoints(paths: readonly string[]): Endpoint[] {
  return paths.map((path) => ({ method: 'GET', path }));
}

/** Same-origin links of an HTML page (anchors, areas, frames, GET forms), as paths with query. */
export function htmlLinks(html: string, page: URL): string[] {
  const found = new Set<string>();
  const add = (href: string | undefined): void => {
    if (!href || /^(javascript|mailto|tel|data):/i.test(href)) {
      return;
    }
    try {
      const url = new URL(href, page);
      if (url.origin === page.origin) {
        found.add(url.pathname + url.search);
      }
    } catch {
      // an unparseable href is not a link to follow
    }
  };
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'a' || name === 'area') {
        add(attrs.href);
      } else if (name === 'iframe' || name === 'frame') {
        add(attrs.src);
      } else if (name === 'form' && (attrs.method ?? 'get').toLowerCase() === 'get') {
        add(attrs.action);
      }
    },
  });
  parser.write(html);
  parser.end();
  return [...found];
}
