import { decodeJwt, forgeAlgNone, stripSignature } from '../jwt';
import { findingFrom, isAccepted } from './context';
import type { EndpointProbe } from './probe';

/**
 * FG507: the endpoint takes the user's JWT and refuses random tokens, but
 * also takes the same claims with `alg: none` or with no signature: it
 * does not verify signatures.
 */
export async function checkJwtNoneAccepted(probe: EndpointProbe): Promise<void> {
  const jwt = probe.ctx.identity.token ? decodeJwt(probe.ctx.identity.token) : undefined;
  if (!jwt || !(await probe.acceptsOnlyRealCredential())) {
    return;
  }
  const forgeries = [
    { label: 'alg: none', token: forgeAlgNone(jwt) },
    { label: 'signature stripped', token: stripSignature(jwt) },
  ];
  for (const forgery of forgeries) {
    const answer = await probe.ctx.send(probe.request({ Authorization: `Bearer ${forgery.token}` }));
    if (answer && isAccepted(answer)) {
      probe.ctx.report(findingFrom(probe.ctx, 'FG507', answer,
        `${probe.endpoint.method} ${probe.endpoint.path} accepts a JWT with ${forgery.label}: it does not verify token signatures`,
        { forgery: forgery.label }));
      return;
    }
  }
}
