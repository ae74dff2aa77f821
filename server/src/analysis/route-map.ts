import { loadProject } from '../engine/project';
import type { FlaskModel } from './flask-model';

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
}

/** The route map of a loaded engine. */
export function routeMapOf(model: FlaskModel): RouteMapEntry[] {
  return model.routes.map((route) => {
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
    };
  });
}

/** Reads every Python file under `root` and returns the routes the static analysis sees. */
export async function buildRouteMap(root: string): Promise<RouteMapEntry[]> {
  const project = await loadProject(root, ['.'], {}, { incremental: false });
  return routeMapOf(project.engine.model);
}
