/**
 * Users and bearer tokens of cml-sim: JWT-shaped tokens (`iss com.cisco.virl`, `sub` = user uuid)
 * that expire after a TTL on the injected clock, end on logout, and can be expired on demand.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/index.js';
import { CmlSimError } from './cml-sim-error.js';

/** A CML user of the simulator. */
export interface CmlSimUser {
  username: string;
  password: string;
  /** Admins see every user's labs with `show_all=true`. @default true */
  admin?: boolean;
}

/** A user as the sim keeps it. */
export interface SimUser {
  id: string;
  username: string;
  password: string;
  admin: boolean;
}

interface IssuedToken {
  user: SimUser;
  expiresAtMs: number;
}

export interface SimAuthOptions {
  clock: Clock;
  users: CmlSimUser[];
  tokenTtlMs: number;
}

export class SimAuth {
  readonly #clock: Clock;
  readonly #users = new Map<string, SimUser>();
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #tokenTtlMs: number;
  readonly #secret = randomBytes(32);
  #authentications = 0;

  constructor(options: SimAuthOptions) {
    this.#clock = options.clock;
    this.#tokenTtlMs = options.tokenTtlMs;
    for (const user of options.users)
      this.#users.set(user.username, {
        id: randomUUID(),
        username: user.username,
        password: user.password,
        admin: user.admin ?? true,
      });
  }

  /** Successful `/authenticate` and `/auth_extended` calls so far. */
  get authentications(): number {
    return this.#authentications;
  }

  /** Issues a token; CML answers bad credentials with 403. */
  authenticate(username: string, password: string): { token: string; user: SimUser } {
    const user = this.#users.get(username);
    if (!user || user.password !== password) throw new CmlSimError(403, 'Authentication failed!');
    const nowMs = this.#clock.nowMs();
    const token = this.#sign({
      iss: 'com.cisco.virl',
      sub: user.id,
      iat: Math.floor(nowMs / 1000),
      exp: Math.floor((nowMs + this.#tokenTtlMs) / 1000),
      jti: randomUUID(),
    });
    this.#tokens.set(token, { user, expiresAtMs: nowMs + this.#tokenTtlMs });
    this.#authentications++;
    return { token, user };
  }

  /** The user behind an `Authorization` header, or a CML-style 401. */
  verify(authorization: string | undefined): SimUser {
    const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) throw new CmlSimError(401, 'No authorization token provided.');
    const issued = this.#tokens.get(match[1]);
    if (!issued) throw new CmlSimError(401, 'Invalid token.');
    if (this.#clock.nowMs() >= issued.expiresAtMs) {
      this.#tokens.delete(match[1]);
      throw new CmlSimError(401, 'Token has expired.');
    }
    return issued.user;
  }

  /** `DELETE /logout`: ends this token, or every token of its user. */
  logout(authorization: string | undefined, clearAllSessions: boolean): void {
    const user = this.verify(authorization);
    const token = (authorization ?? '').slice('Bearer '.length);
    for (const [key, issued] of this.#tokens)
      if (key === token || (clearAllSessions && issued.user.id === user.id))
        this.#tokens.delete(key);
  }

  /** Forces every issued token to answer 401 from now on (tests of re-authentication). */
  expireAll(): void {
    this.#tokens.clear();
  }

  #sign(payload: Record<string, unknown>): string {
    const encode = (value: unknown): string =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
    const signature = createHmac('sha256', this.#secret).update(unsigned).digest('base64url');
    return `${unsigned}.${signature}`;
  }
}
