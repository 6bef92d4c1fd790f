/** Password hashing for built-in users: scrypt with a self-describing encoding, and the length rule. */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { InvalidError } from '../errors/index.js';

/** Cost parameters of new hashes (OWASP's scrypt minimum); old hashes keep their own. */
const COST = { N: 16384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** The shortest password {@link assertPasswordStrength} accepts, in characters (code points). */
const MIN_PASSWORD_LENGTH = 12;

/**
 * Bounds on parameters read back from an encoding, so a corrupted or hostile stored hash cannot
 * make verification allocate gigabytes or spin for minutes: at most 128 MiB of memory (128·N·r)
 * and 32 times the work (N·r·p) of today's parameters.
 */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY_BYTES = 128 * 1024 * 1024;
const MAX_WORK = 32 * COST.N * COST.r * COST.p;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Hashes `password` with scrypt (N=16384, r=8, p=1, 16-byte random salt, 32-byte key), encoded as
 * `scrypt$16384$8$1$<saltB64url>$<hashB64url>` so parameters can be raised later without
 * invalidating stored hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, KEY_BYTES, COST);
  return [
    'scrypt',
    COST.N,
    COST.r,
    COST.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/**
 * True when `password` matches `encoded` (from {@link hashPassword}). Compares in constant time.
 * Never throws: a malformed or unsupported encoding is simply a mismatch.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseEncoding(encoded);
  if (!parsed) return false;
  try {
    const key = await deriveKey(password, parsed.salt, parsed.hash.length, parsed.cost);
    return timingSafeEqual(key, parsed.hash);
  } catch {
    return false;
  }
}

/**
 * Throws `InvalidError` (`details.field` `'password'`) when `password` is shorter than 12
 * characters. Length is the one rule: it is what makes guessing expensive (NIST SP 800-63B).
 */
export function assertPasswordStrength(password: string): void {
  // Counts code points, so an emoji is one character rather than two UTF-16 units.
  if (Array.from(password).length < MIN_PASSWORD_LENGTH)
    throw new InvalidError(`password must be at least ${MIN_PASSWORD_LENGTH} characters long`, {
      details: { field: 'password' },
    });
}

interface ParsedEncoding {
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

function parseEncoding(encoded: string): ParsedEncoding | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, nText, rText, pText, saltText, hashText] = parts as [string, ...string[]];
  const N = parseBoundedInt(nText, MAX_N);
  const r = parseBoundedInt(rText, MAX_R);
  const p = parseBoundedInt(pText, MAX_P);
  if (N === undefined || r === undefined || p === undefined) return undefined;
  if (N < 2 || (N & (N - 1)) !== 0) return undefined; // scrypt needs a power of two
  if (128 * N * r > MAX_MEMORY_BYTES || N * r * p > MAX_WORK) return undefined;
  if (!saltText || !hashText || !BASE64URL.test(saltText) || !BASE64URL.test(hashText))
    return undefined;
  const salt = Buffer.from(saltText, 'base64url');
  const hash = Buffer.from(hashText, 'base64url');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined;
  return { cost: { N, r, p }, salt, hash };
}

function parseBoundedInt(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

function deriveKey(
  password: string,
  salt: Buffer,
  keyBytes: number,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; Node's default maxmem (32 MiB) would reject the larger
  // parameters a future default may use, so allow what the (bounded) parameters need.
  const options: ScryptOptions = { ...cost, maxmem: 2 * 128 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}
