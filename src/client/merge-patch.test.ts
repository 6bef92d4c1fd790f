/** Merge patch over keys named like Object.prototype members (found by fuzzing the API). */
import { describe, expect, it } from 'vitest';
import { applyMergePatch } from './merge-patch.js';

describe('applyMergePatch', () => {
  it('keeps a field named constructor that the patch does not mention', () => {
    const target = JSON.parse('{"constructor":{"a":1},"toString":2}') as unknown;
    const merged = applyMergePatch(target, { other: true });
    expect(merged).toEqual(JSON.parse('{"constructor":{"a":1},"toString":2,"other":true}'));
    expect(() => structuredClone(merged)).not.toThrow();
  });

  it('merges a patch field named constructor as data, not into the inherited function', () => {
    const merged = applyMergePatch({}, JSON.parse('{"constructor":{"a":1},"hasOwnProperty":null}'));
    expect(merged).toEqual(JSON.parse('{"constructor":{"a":1}}'));
    expect(() => structuredClone(merged)).not.toThrow();
  });

  it('treats __proto__ as an own field and leaves the prototype alone', () => {
    const merged = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}')) as object;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
