import { inflateSync } from 'node:zlib';
import { fromBase64Url, parseJsonObject } from './base64url';
import { keyWords, Sha1HmacFixedMessage, toWords } from './sha1-hmac';

/** A Flask (itsdangerous URLSafeTimedSerializer) session cookie, taken apart. */
export interface FlaskSessionCookie {
  compressed: boolean;
  /** Top-level session data: readable by anyone, the signature only stops changes. */
  data: Record<string, unknown>;
  /** `payload.timestamp`: the bytes the signature covers. */
  signedValue: string;
  signature: Buffer;
}

/** A zlib bomb in a cookie must not exhaust memory. */
const maxInflatedBytes = 256 * 1024;
const salt = Buffer.from('cookie-session');

export function decodeFlaskSession(value: string): FlaskSessionCookie | undefined {
  const compressed = value.startsWith('.');
  const parts = (compressed ? value.slice(1) : value).split('.');
  if (parts.length !== 3) {
    return undefined;
  }
  const [payload, timestamp, sig] = parts;
  const raw = fromBase64Url(payload);
  const signature = fromBase64Url(sig);
  if (!raw || !signature || signature.length !== 20 || !fromBase64Url(timestamp)) {
    return undefined;
  }
  let json: Buffer;
  try {
    json = compressed ? inflateSync(raw, { maxOutputLength: maxInflatedBytes }) : raw;
  } catch {
    return undefined;
  }
  const data = parseJsonObject(json);
  if (!data) {
    return undefined;
  }
  return { compressed, data, signedValue: value.slice(0, value.lastIndexOf('.')), signature };
}

/**
 * Tries each candidate as Flask's SECRET_KEY: itsdangerous derives the
 * signing key as HMAC-SHA1(secret, "cookie-session") and signs
 * `payload.timestamp` with HMAC-SHA1 under it.
 */
export function crackFlaskSession(cookie: FlaskSessionCookie, candidates: readonly Buffer[]): Buffer | undefined {
  const derive = new Sha1HmacFixedMessage(salt);
  const sign = new Sha1HmacFixedMessage(Buffer.from(cookie.signedValue));
  const expected = toWords(cookie.signature, new Int32Array(5));
  const secretWords = new Int32Array(16);
  const derivedWords = new Int32Array(16);
  return candidates.find((secret) => {
    derivedWords.set(derive.run(keyWords(secret, secretWords)));
    const sig = sign.run(derivedWords);
    return sig[0] === expected[0] && sig[1] === expected[1] && sig[2] === expected[2] && sig[3] === expected[3] && sig[4] === expected[4];
  });
}
