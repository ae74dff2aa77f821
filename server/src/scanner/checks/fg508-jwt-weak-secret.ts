import { responseCookies } from '../cookies';
import { crackJwt, findJwts, isHmacJwt } from '../jwt';
import type { Exchange } from '../types';
import { secretHint } from '../wordlist';
import { findingFrom, type ScanContext } from './context';

/** FG508: offline, no request: an HS256/384/512 JWT in an answer verifies with a well-known secret. */
export function inspectJwtWeakSecret(ctx: ScanContext, exchange: Exchange): void {
  const { response } = exchange;
  const text = [response.body, ...responseCookies(response).map((cookie) => cookie.value)].join('\n');
  for (const jwt of findJwts(text)) {
    if (!isHmacJwt(jwt) || !ctx.firstTime(`FG508 ${jwt.token}`)) {
      continue;
    }
    const secret = crackJwt(jwt, ctx.candidates);
    if (secret) {
      ctx.report(findingFrom(ctx, 'FG508', exchange,
        `the ${String(jwt.header.alg)} JWT in this answer is signed with a well-known secret (${secretHint(secret)}): anyone can mint tokens; use a long random key from the environment`,
        { alg: jwt.header.alg, secret: secretHint(secret), candidatesTried: ctx.candidates.length }));
    }
  }
}
