import { findingFrom, isAccepted } from './context';
import type { EndpointProbe } from './probe';

/** FG502: refused without a credential, accepted with a random one: the check only looks for presence. */
export async function checkAnyCredentialAccepted(probe: EndpointProbe): Promise<void> {
  if (!probe.refusesAnonymous) {
    return;
  }
  const random = await probe.withRandomCredential();
  if (random && isAccepted(random)) {
    probe.ctx.report(findingFrom(probe.ctx, 'FG502', random,
      `${probe.endpoint.method} ${probe.endpoint.path} refuses requests without credentials (${probe.anonymous.response.status}) but accepts a random bearer token / API key (${random.response.status})`,
      { anonymousStatus: probe.anonymous.response.status }));
  }
}
