/**
 * Custom messages between the Flask Guard client and server. The client's
 * `client/src/protocol.ts` mirrors this file; keep the two in step.
 */
import type { RouteMapEntry, RouteStanding } from '../analysis/route-map';

/** Server → client, after every analysis pass: feeds the status bar item. */
export namespace StatusNotification {
  export const method = 'flaskGuard/status';
  export interface Params {
    state: 'analysing' | 'idle' | 'error';
    /** Findings currently published, all files. */
    findings: number;
    /** Files in the workspace index. */
    files: number;
    /** One line for the tooltip: what went wrong, or the last pass's duration. */
    message?: string;
  }
}

/** Client → server: drop every cache and analyse the workspace again. */
export namespace ReanalyzeRequest {
  export const method = 'flaskGuard/reanalyze';
  export type Params = Record<string, never>;
  export interface Result { files: number; findings: number; }
}

/** Client → server: the static route map, for the black-box scanner and "Show Routes". */
export namespace RouteMapRequest {
  export const method = 'flaskGuard/routeMap';
  export type Params = Record<string, never>;
  /** `why`: what protects the route, or that nothing does, with paths relative to its folder. */
  export type Result = (RouteMapEntry & { standing: RouteStanding; why: string })[];
}

/** Client → server: a rule's documentation as Markdown (works offline). */
export namespace RuleDocRequest {
  export const method = 'flaskGuard/ruleDoc';
  export interface Params { code: string; }
  export type Result = { code: string; name: string; markdown: string } | null;
}

/** Commands the server puts in code actions; the client executes them. */
export namespace CommandIds {
  /** Arguments: [routeRule: string, documentUri: string]. Adds the rule to `flaskGuard.publicRoutes`. */
  export const markRoutePublic = 'flaskGuard.markRoutePublic';
  /** Arguments: [code: string]. Opens the rule's documentation. */
  export const showDocumentation = 'flaskGuard.showDocumentation';
}
