/**
 * One-shot digests. `crypto.hash` is the fast path (Node >= 20.12 / 21.7);
 * older extension hosts (VS Code 1.91 ships Node 20.9) fall back to
 * `createHash`, which gives the same bytes a little slower.
 */
import * as crypto from 'node:crypto';

type OneShot = (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

export const digest: (algorithm: string, data: Uint8Array) => Buffer = oneShot
  ? (algorithm, data) => oneShot(algorithm, data, 'buffer')
  : (algorithm, data) => crypto.createHash(algorithm).update(data).digest();
