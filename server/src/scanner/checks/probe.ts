import { hasIdentity, identityHeaders } from '../identity';
import type { Endpoint, Exchange, ProbeRequest } from '../types';
import { isAccepted, isRefused, randomCredential, type ScanContext } from './context';

/**
 * One endpoint under test: its anonymous answer, and the other answers the
 * active checks share (each sent at most once, only when a check needs it).
 */
export class EndpointProbe {
  private identityAnswer?: Promise<Exchange | undefined>;
  private randomAnswer?: Promise<Exchange | undefined>;

  constructor(readonly ctx: ScanContext, readonly endpoint: Endpoint, readonly anonymous: Exchange) {}

  get refusesAnonymous(): boolean {
    return isRefused(this.anonymous);
  }

  /** Every probe carries the baseline's foreign Origin, so an app that refuses foreign origins refuses them all alike. */
  request(headers: Record<string, string>, method = this.endpoint.method): ProbeRequest {
    return { method, path: this.endpoint.path, headers: { ...this.anonymous.request.headers, ...headers } };
  }

  /** The endpoint's answer to the user's known identity, if one was given. */
  withIdentity(): Promise<Exchange | undefined> {
    if (!hasIdentity(this.ctx.identity)) {
      return Promise.resolve(undefined);
    }
    this.identityAnswer ??= this.ctx.send(this.request(identityHeaders(this.ctx.identity)));
    return this.identityAnswer;
  }

  /** A random bearer token and random values in the usual API-key headers, in one request. */
  withRandomCredential(): Promise<Exchange | undefined> {
    this.randomAnswer ??= this.ctx.send(this.request({
      Authorization: `Bearer ${randomCredential()}`,
      'X-API-Key': randomCredential(),
      'X-Auth-Token': randomCredential(),
      'X-Access-Token': randomCredential(),
    }));
    return this.randomAnswer;
  }

  /** Refused anonymously, refused with a random credential, accepted with the real one: the ground for FG503/FG507. */
  async acceptsOnlyRealCredential(): Promise<boolean> {
    if (!this.refusesAnonymous) {
      return false;
    }
    const real = await this.withIdentity();
    if (!real || !isAccepted(real)) {
      return false;
    }
    const random = await this.withRandomCredential();
    return random !== undefined && !isAccepted(random);
  }
}
