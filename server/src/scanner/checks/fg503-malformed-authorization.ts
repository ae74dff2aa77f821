import { findingFrom, isAccepted } from './context';
import type { EndpointProbe } from './probe';

/** Header shapes a strict parser refuses; the scheme's case is left alone (RFC 7235 makes it case-insensitive). */
const malformed: { label: string; header: (token: string) => string }[] = [
  { label: 'extra part after the token', header: (token) => `Bearer ${token} junk` },
  { label: 'wrong scheme (Token)', header: (token) => `Token ${token}` },
  { label: 'wrong scheme (Basic)', header: (token) => `Basic ${token}` },
  { label: 'no scheme', header: (token) => token },
  { label: 'empty token', header: () => 'Bearer ' },
];

/**
 * FG503: the endpoint takes the user's real token, refuses random ones, yet
 * also takes the token inside a malformed `Authorization` header.
 */
export async function checkMalformedAuthorization(probe: EndpointProbe): Promise<void> {
  const token = probe.ctx.identity.token;
  if (!token || !(await probe.acceptsOnlyRealCredential())) {
    return;
  }
  for (const variant of malformed) {
    const answer = await probe.ctx.send(probe.request({ Authorization: variant.header(token) }));
    if (answer && isAccepted(answer)) {
      probe.ctx.report(findingFrom(probe.ctx, 'FG503', answer,
        `${probe.endpoint.method} ${probe.endpoint.path} accepts a malformed Authorization header (${variant.label})`,
        { variant: variant.label }));
      return;
    }
  }
}
