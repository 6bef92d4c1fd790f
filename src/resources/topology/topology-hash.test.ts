/** computeTopologyHash: sha256 of the raw topology text. */
import { describe, expect, it } from 'vitest';
import { computeTopologyHash } from './topology-hash.js';

describe('computeTopologyHash', () => {
  it('returns the lower-case hex sha256 of the text', () => {
    expect(computeTopologyHash('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(computeTopologyHash('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(computeTopologyHash('é')).toBe(
      '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c',
    );
  });

  it('gives CRLF and LF line ends different hashes, since it hashes the raw text', () => {
    expect(computeTopologyHash('lab: {}\r\n')).toBe(
      '0bbded0b9c4c99de3923892056c1de0e73dd0c2d866c01aef0f6808d63a346b3',
    );
    expect(computeTopologyHash('lab: {}\n')).toBe(
      '94f155652c607f530bcc5dde45737b88af1724a00c4b560f203e808118eb268a',
    );
  });
});
