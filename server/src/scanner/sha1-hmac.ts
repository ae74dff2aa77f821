import { digest } from './digest';

const iv = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];

/** Big-endian words of `bytes` into `into` (zero-filled past the end). */
export function toWords(bytes: Uint8Array, into: Int32Array): Int32Array {
  into.fill(0);
  for (let i = 0; i < bytes.length; i++) {
    into[i >> 2] |= bytes[i] << (24 - 8 * (i & 3));
  }
  return into;
}

/**
 * HMAC-SHA1 of one fixed message under many keys, in plain JavaScript.
 *
 * Why not node:crypto: the session cracker needs two HMACs per candidate,
 * and four native calls per candidate cap it near 200k/s; hashing 64-byte
 * blocks here, with the message's padded blocks prepared once and keys
 * passed as words, runs several times faster. Checked against Flask's own
 * cookies in the tests.
 */
export class Sha1HmacFixedMessage {
  /** The message's blocks as they follow the 64-byte key block, padding and length included. */
  private readonly tail: Int32Array;
  private readonly w = new Int32Array(80);
  private readonly state = new Int32Array(5);
  private readonly block = new Int32Array(16);
  readonly digest = new Int32Array(5);

  constructor(message: Uint8Array) {
    const length = Math.ceil((message.length + 9) / 64) * 64;
    const bytes = new Uint8Array(length);
    bytes.set(message);
    bytes[message.length] = 0x80;
    const bits = (64 + message.length) * 8;
    new DataView(bytes.buffer).setUint32(length - 4, bits);
    new DataView(bytes.buffer).setUint32(length - 8, Math.floor(bits / 2 ** 32));
    this.tail = toWords(bytes, new Int32Array(length / 4));
  }

  /** The HMAC under a key of at most 64 bytes given as 16 words; the result is in `digest`. */
  run(key: Int32Array): Int32Array {
    const { state, block, tail } = this;
    state.set(iv);
    for (let i = 0; i < 16; i++) {
      block[i] = key[i] ^ 0x36363636;
    }
    this.compress(block, 0);
    for (let offset = 0; offset < tail.length; offset += 16) {
      this.compress(tail, offset);
    }
    const inner0 = state[0], inner1 = state[1], inner2 = state[2], inner3 = state[3], inner4 = state[4];
    state.set(iv);
    for (let i = 0; i < 16; i++) {
      block[i] = key[i] ^ 0x5c5c5c5c;
    }
    this.compress(block, 0);
    block.fill(0);
    block[0] = inner0;
    block[1] = inner1;
    block[2] = inner2;
    block[3] = inner3;
    block[4] = inner4;
    block[5] = 0x80000000 | 0;
    block[15] = (64 + 20) * 8;
    this.compress(block, 0);
    this.digest.set(state);
    return this.digest;
  }

  private compress(m: Int32Array, offset: number): void {
    const w = this.w;
    for (let t = 0; t < 16; t++) {
      w[t] = m[offset + t];
    }
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
    const s = this.state;
    let a = s[0], b = s[1], c = s[2], d = s[3], e = s[4];
    let t = 0;
    for (; t < 20; t++) {
      const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    for (; t < 40; t++) {
      const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    for (; t < 60; t++) {
      const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w[t]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    for (; t < 80; t++) {
      const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w[t]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    s[0] = (s[0] + a) | 0;
    s[1] = (s[1] + b) | 0;
    s[2] = (s[2] + c) | 0;
    s[3] = (s[3] + d) | 0;
    s[4] = (s[4] + e) | 0;
  }
}

/** An HMAC key as the 16 words `run` takes: longer than a block, it is hashed first (RFC 2104). */
export function keyWords(key: Uint8Array, into: Int32Array): Int32Array {
  return toWords(key.length > 64 ? digest('sha1', key) : key, into);
}
