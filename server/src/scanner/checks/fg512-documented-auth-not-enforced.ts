import { findingFrom, isAccepted } from './context';
import type { EndpointProbe } from './probe';

/** FG512: the OpenAPI document says the operation needs a credential, yet it answers 2xx without one. */
export function checkDocumentedAuth(probe: EndpointProbe): void {
  const { anonymous, endpoint, ctx } = probe;
  if (endpoint.documentedSecurity && isAccepted(anonymous)) {
    ctx.report(findingFrom(ctx, 'FG512', anonymous,
      `the OpenAPI document requires credentials for ${endpoint.method} ${endpoint.path}, but it answers ${anonymous.response.status} without any`));
  }
}
