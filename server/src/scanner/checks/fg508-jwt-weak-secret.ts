import { responseCookies } from '../response-headers';
import { crackJwt, decodeJwt, findJwts, isHmacJwt, type DecodedJwt } from '../jwt';
import type { Exchange } from '../types';
import { secretHint } from '../wordlist';
import { findingFrom, type ScanContext } from './context';

function crackOnce(ctx: ScanContext, jwt: DecodedJwt, exchange: Exchange, where: string): void {
  // Tokens from one issuer, algorithm and key id share a secret: crack one of them, not every fresh token.
  const signer = `FG508 ${String(jwt.header.alg)} ${String(jwt.header.kid ?? '')} ${String(jwt.claims.iss ?? '')}`;
  if (!isHmacJwt(jwt) || !ctx.firstTime(signer)) {
    return;
  }
  const secret = crackJwt(jwt, ctx.candidates);
  if (secret) {
    ctx.report(findingFrom(ctx, 'FG508', exchange,
      `the ${String(jwt.header.alg)} JWT ${where} is signed with a well-known secret (${secretHint(secret)}): anyone can mint tokens; use a long random key from the environment`,
      { alg: jwt.header.alg, secret: secretHint(secret), candidatesTried: ctx.candidates.length }));
  }
}

/** FG508: offline, no request: an HS256/384/512 JWT in an answer verifies with a well-known secret. */
export function inspectJwtWeakSecret(ctx: ScanContext, exchange: Exchange): void {
  const { response } = exchange;
  const text = [response.body, ...responseCookies(response).map((cookie) => cookie.value)].join('\n');
  for (const jwt of findJwts(text)) {
    crackOnce(ctx, jwt, exchange, 'in this answer');
  }
}

/** FG508 for the token the user gave (`--header`): reported on the first request that carried the scan. */
export function checkGivenJwt(ctx: ScanContext, exchange: Exchange): void {
  const jwt = ctx.identity.token ? decodeJwt(ctx.identity.token) : undefined;
  if (jwt) {
    crackOnce(ctx, jwt, exchange, 'given as the scan\'s credential');
  }
}
