/** Kind names on the command line: kind, plural and short aliases, case-insensitive; served kinds only. */
import { describe, expect, it } from 'vitest';
import { namesOf, objectRef, resolveKind, SERVED_KINDS } from './kind-aliases.js';

describe('resolveKind', () => {
  it.each([
    ['sessions', 'LabletSession'],
    ['session', 'LabletSession'],
    ['ls', 'LabletSession'],
    ['labletsessions', 'LabletSession'],
    ['LabletSession', 'LabletSession'],
    ['defs', 'LabletDefinition'],
    ['definition', 'LabletDefinition'],
    ['workers', 'Worker'],
    ['worker', 'Worker'],
    ['templates', 'WorkerTemplate'],
    ['reservations', 'Reservation'],
    ['reports', 'ScoreReport'],
    ['labs', 'LabRecord'],
    ['Leases', 'Lease'],
  ])('resolves %s to %s', (name, kind) => {
    expect(resolveKind(name).kind).toBe(kind);
  });

  it('refuses unknown and internal kinds with Invalid on field kind', () => {
    for (const name of ['nope', 'users', 'apikeys', 'auditrecords'])
      expect(() => resolveKind(name)).toThrow(
        expect.objectContaining({
          reason: 'Invalid',
          details: expect.objectContaining({ field: 'kind' }),
        }),
      );
  });

  it('gives every served kind a unique set of names', () => {
    const names = SERVED_KINDS.flatMap((kind) => namesOf(kind));
    expect(new Set(names).size).toBe(names.length);
    expect(SERVED_KINDS.map((kind) => kind.kind)).not.toContain('User');
  });
});

describe('objectRef', () => {
  it('names an object as lower-case kind and name', () => {
    expect(objectRef('LabletSession', 's1')).toBe('labletsession/s1');
  });
});
