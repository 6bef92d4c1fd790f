/**
 * The JWT (HS256) in lds-sim launch URLs: it names the LDS session and expires, like the signed
 * token in a real LDS `lablet_launch_url`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LaunchTokenClaims {
  /** LDS session id. */
  sid: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function sign(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

export function signLaunchToken(claims: LaunchTokenClaims, secret: string): string {
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${input}.${sign(input, secret)}`;
}

/** The claims of a well-signed, unexpired token; undefined otherwise. */
export function verifyLaunchToken(
  token: string,
  secret: string,
  nowMs: number,
): LaunchTokenClaims | undefined {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return undefined;
  const expected = Buffer.from(sign(`${header}.${payload}`, secret));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!isClaims(claims) || claims.exp * 1_000 <= nowMs) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}

function isClaims(value: unknown): value is LaunchTokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.sid === 'string' &&
    typeof record.iat === 'number' &&
    typeof record.exp === 'number'
  );
}
