/** Tests for scrypt password hashing, verification and the length rule. */
import { describe, expect, it } from 'vitest';
import { assertPasswordStrength, hashPassword, verifyPassword } from './password-hash.js';

describe('hashPassword / verifyPassword', () => {
  it('encodes the scrypt parameters, a 16-byte salt and a 32-byte key', async () => {
    const encoded = await hashPassword('correct horse battery');
    const [scheme, n, r, p, salt, hash] = encoded.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64url')).toHaveLength(32);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const encoded = await hashPassword('correct horse battery');
    await expect(verifyPassword('correct horse battery', encoded)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', encoded)).resolves.toBe(false);
    await expect(verifyPassword('', encoded)).resolves.toBe(false);
  });

  it('salts every hash so equal passwords do not produce equal encodings', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password!'),
      hashPassword('same password!'),
    ]);
    expect(a).not.toBe(b);
    await expect(verifyPassword('same password!', b)).resolves.toBe(true);
  });

  it('treats canonically equivalent Unicode spellings as the same password', async () => {
    const encoded = await hashPassword('caf\u00e9-passphrase');
    await expect(verifyPassword('cafe\u0301-passphrase', encoded)).resolves.toBe(true);
  });

  it('returns false instead of throwing for malformed or hostile encodings', async () => {
    const valid = await hashPassword('correct horse battery');
    const [, , , , salt, hash] = valid.split('$');
    const malformed = [
      '',
      'plain-text',
      'bcrypt$16384$8$1$' + `${salt}$${hash}`,
      `scrypt$16384$8$1$${salt}`,
      `scrypt$16384$8$1$${salt}$${hash}$extra`,
      `scrypt$16383$8$1$${salt}$${hash}`,
      `scrypt$0$8$1$${salt}$${hash}`,
      `scrypt$-16384$8$1$${salt}$${hash}`,
      `scrypt$1073741824$8$1$${salt}$${hash}`,
      `scrypt$1048576$32$16$${salt}$${hash}`,
      `scrypt$16384$8$1$${salt}$not*base64`,
      `scrypt$16384$8$1$$${hash}`,
      `scrypt$16384$8$1$${salt}$AAAA`,
    ];
    for (const encoded of malformed)
      await expect(verifyPassword('correct horse battery', encoded), encoded).resolves.toBe(false);
  });
});

describe('assertPasswordStrength', () => {
  it('accepts passwords of 12 characters or more', () => {
    expect(() => assertPasswordStrength('twelve-chars')).not.toThrow();
  });

  it('throws Invalid naming the password field when shorter than 12 characters', () => {
    expect(() => assertPasswordStrength('eleven-char')).toThrow(
      expect.objectContaining({ reason: 'Invalid', details: { field: 'password' } }),
    );
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(() => assertPasswordStrength('\u{1F512}'.repeat(6))).toThrow(
      expect.objectContaining({ reason: 'Invalid' }),
    );
  });
});
