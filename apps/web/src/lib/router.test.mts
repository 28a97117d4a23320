// The client's routes: path patterns and their parameters.
import { describe, expect, it } from 'vitest';
import { matchPath } from './router.js';

describe('matchPath', () => {
  it('takes the parameters of a matching path, decoded', () => {
    expect(matchPath('/cases/:id', '/cases/case%201')).toEqual({ id: 'case 1' });
    expect(matchPath('/cases/:id/entities/:entityId', '/cases/c1/entities/e2')).toEqual({ id: 'c1', entityId: 'e2' });
  });

  it('ignores the query string and a trailing slash', () => {
    expect(matchPath('/cases/:id', '/cases/c1/?tab=graph')).toEqual({ id: 'c1' });
  });

  it('is null for another path, a longer or a shorter one', () => {
    expect(matchPath('/cases/:id', '/users/u1')).toBeNull();
    expect(matchPath('/cases/:id', '/cases/c1/graph')).toBeNull();
    expect(matchPath('/cases/:id', '/cases')).toBeNull();
  });

  it('matches a pattern without parameters with an empty record', () => {
    expect(matchPath('/stats', '/stats')).toEqual({});
    expect(matchPath('/', '/')).toEqual({});
  });
});
