/**
 * Mirrors `server/src/lsp/protocol.ts` as typed message objects for
 * `vscode-languageclient`.
 *
 * The namespaces are re-exported from the server's file rather than copied or
 * taken with `import type`: the method names are runtime values, so a type
 * import would still leave a copy of every string to drift, and the server's
 * file has no runtime imports, so esbuild inlines only these few constants.
 * `client/tsconfig.json` references the server project, which makes `tsc -b`
 * check both sides against the one definition.
 */
import { NotificationType, RequestType } from 'vscode-languageclient/node';
import {
  CommandIds,
  ReanalyzeRequest,
  RouteMapRequest,
  RuleDocRequest,
  StatusNotification,
} from '../../server/src/lsp/protocol';

export { CommandIds, ReanalyzeRequest, RouteMapRequest, RuleDocRequest, StatusNotification };

export const status = new NotificationType<StatusNotification.Params>(StatusNotification.method);
export const reanalyze = new RequestType<ReanalyzeRequest.Params, ReanalyzeRequest.Result, void>(ReanalyzeRequest.method);
export const routeMap = new RequestType<RouteMapRequest.Params, RouteMapRequest.Result, void>(RouteMapRequest.method);
export const ruleDoc = new RequestType<RuleDocRequest.Params, RuleDocRequest.Result, void>(RuleDocRequest.method);

/** Sent in `initializationOptions`; the server reads it once, at `initialize`. */
export interface InitializationOptions {
  /** False in a Restricted Mode workspace: the server then analyses open files only. */
  trusted: boolean;
}
