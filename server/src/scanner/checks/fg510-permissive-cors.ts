import { headerValue } from '../response-headers';
import type { Exchange } from '../types';
import { findingFrom, requestPath, type ScanContext } from './context';

/** Sent as `Origin` on every first request: no real site, so reflecting it means reflecting anyone. */
export const probeOrigin = 'https://evil.flask-guard.invalid';

/** FG510: the answer allows credentials for an Origin it merely echoed back. */
export function inspectPermissiveCors(ctx: ScanContext, exchange: Exchange): void {
  const origin = Object.entries(exchange.request.headers ?? {}).find(([name]) => name.toLowerCase() === 'origin')?.[1];
  const allowOrigin = headerValue(exchange.response, 'access-control-allow-origin');
  const allowCredentials = headerValue(exchange.response, 'access-control-allow-credentials');
  const reflects = origin !== undefined && allowOrigin === origin && allowCredentials?.trim().toLowerCase() === 'true';
  // Every probe carries the Origin: report the path once, on the first answer (the anonymous GET).
  if (reflects && ctx.firstTime(`FG510 ${requestPath(exchange)}`)) {
    ctx.report(findingFrom(ctx, 'FG510', exchange,
      `${exchange.request.path} reflects any Origin (${origin}) with Access-Control-Allow-Credentials: true: any site can read it with the user's cookies`,
      { origin, allowOrigin, allowCredentials }));
  }
}
