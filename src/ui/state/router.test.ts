/** The dashboard paths and the pages they name. */
import { describe, expect, it } from 'vitest';
import { matchRoute, sessionPath } from './router';

describe('matchRoute', () => {
  it('maps the dashboard paths to pages with their parameters', () => {
    expect(matchRoute('/')).toEqual({ page: 'overview' });
    expect(matchRoute('/workers/w-1')).toEqual({ page: 'worker', name: 'w-1' });
    expect(matchRoute(sessionPath('team a', 's1'))).toEqual({
      page: 'session',
      namespace: 'team a',
      name: 's1',
    });
    expect(matchRoute('/my-labs/')).toEqual({ page: 'my-labs' });
  });

  it('answers not-found for unknown paths', () => {
    expect(matchRoute('/workers/a/b')).toEqual({ page: 'not-found' });
    expect(matchRoute('/nope')).toEqual({ page: 'not-found' });
  });
});
