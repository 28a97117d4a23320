// lib/graphql.ts ApiError and lib/permissions.ts deniedProps: how a refusal reaches a form and a control.
import { describe, expect, it } from 'vitest';
import { ApiError } from './graphql.js';
import { deniedProps } from './permissions.js';

describe('ApiError', () => {
  it('takes the first error’s message and code, and maps each field path to its form field', () => {
    const err = new ApiError(
      [
        { message: 'input.latitude: must be at most 90', extensions: { code: 'BAD_USER_INPUT', field: 'input.latitude' } },
        { message: 'props.name: required', extensions: { code: 'BAD_USER_INPUT', field: 'props.name' } },
        { message: 'country: unknown', extensions: { code: 'BAD_USER_INPUT', field: 'country' } },
      ],
      'request failed',
    );
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('input.latitude: must be at most 90');
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.fieldErrors).toEqual({
      latitude: 'input.latitude: must be at most 90',
      name: 'props.name: required',
      country: 'country: unknown',
    });
  });

  it('falls back to the given message without errors, and names no field for an empty or missing one', () => {
    const none = new ApiError([], 'network down');
    expect(none.message).toBe('network down');
    expect(none.code).toBeUndefined();
    expect(none.fieldErrors).toEqual({});
    const blank = new ApiError([{ message: 'no', extensions: { code: 'FORBIDDEN', field: '' } }, { message: 'also no' }], 'x');
    expect(blank.code).toBe('FORBIDDEN');
    expect(blank.fieldErrors).toEqual({});
  });
});

describe('deniedProps', () => {
  it('adds nothing to a control the role may use', () => {
    expect(deniedProps({ allowed: true, reason: null }, 'r1')).toEqual({});
  });

  it('keeps a refused control reachable: aria-disabled (not disabled), the reason as title and description', () => {
    const p = deniedProps({ allowed: false, reason: 'Your role, Analyst, may not add entities' }, 'add-reason');
    expect(p).toEqual({ 'aria-disabled': true, title: 'Your role, Analyst, may not add entities', 'aria-describedby': 'add-reason' });
    expect(p).not.toHaveProperty('disabled');
  });
});
