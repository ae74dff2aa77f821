import { crackFlaskSession } from '../flask-session';
import type { Exchange } from '../types';
import { secretHint } from '../wordlist';
import { findingFrom, type ScanContext } from './context';
import { flaskSessionCookies } from './session-cookies';

/**
 * FG506: offline, no request: the session cookie's signature verifies with
 * a well-known key, so anyone can forge any session (say `is_admin`).
 */
export function inspectWeakSessionSecret(ctx: ScanContext, exchange: Exchange): void {
  for (const { cookie, session } of flaskSessionCookies(exchange.response)) {
    if (!ctx.firstTime(`FG506 ${cookie.name}`)) {
      continue;
    }
    const secret = crackFlaskSession(session, ctx.candidates);
    if (secret) {
      ctx.report(findingFrom(ctx, 'FG506', exchange,
        `the session cookie "${cookie.name}" is signed with a well-known SECRET_KEY (${secretHint(secret)}): anyone can forge sessions; set a long random key from the environment`,
        { cookie: cookie.name, secret: secretHint(secret), candidatesTried: ctx.candidates.length }));
    }
  }
}
