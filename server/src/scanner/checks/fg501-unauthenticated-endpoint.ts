import { isPublicByNature, isSensitivePath, sensitiveContent } from '../sensitivity';
import { findingFrom, isAccepted, requestPath } from './context';
import { isDebuggerPage } from './fg504-debugger-exposed';
import type { EndpointProbe } from './probe';

/**
 * FG501: the anonymous answer is a 2xx from a route that should be
 * protected: the static analysis says so, its path or name is sensitive,
 * or the answer itself carries user data.
 */
export function checkUnauthenticatedEndpoint(probe: EndpointProbe): void {
  const { anonymous, endpoint, ctx } = probe;
  const path = requestPath(anonymous);
  if (!isAccepted(anonymous) || isPublicByNature(path) || endpoint.route?.publicByNature || isDebuggerPage(anonymous.response.body)) {
    return;
  }
  const reasons: string[] = [];
  if (endpoint.route?.authenticated) {
    reasons.push('the code requires authentication for this route');
  }
  if (endpoint.route?.sensitive || isSensitivePath(path, endpoint.name)) {
    reasons.push('its path or view name is sensitive');
  }
  const content = sensitiveContent(anonymous.response.body);
  if (content) {
    reasons.push(`the answer contains ${content}`);
  }
  if (reasons.length === 0) {
    return;
  }
  ctx.report(findingFrom(ctx, 'FG501', anonymous,
    `${endpoint.method} ${path} answers ${anonymous.response.status} without any credential (${reasons.join('; ')})`,
    { reasons }));
}
