import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsFrom, ProblemError, problems } from '../../../../shared/http/problem';

describe('problem details', () => {
  it('name each invalid field by its path, and unknown fields as fields to remove', () => {
    const schema = z.strictObject({
      user: z.string().min(3, 'Enter at least 3 characters'),
      address: z.object({ postcode: z.string() }),
    });
    const result = schema.safeParse({ user: 'ab', address: { postcode: 7 }, role: 'admin' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsFrom(result.error)).toEqual([
      { field: 'user', message: 'Enter at least 3 characters' },
      { field: 'address.postcode', message: expect.stringContaining('string') },
      { field: 'role', message: 'Remove this field: it is not part of this request' },
    ]);
  });

  it('name the whole input when it is not an object at all', () => {
    const result = z.object({ user: z.string() }).safeParse('just text');
    if (result.success) throw new Error('a string is not an object');
    expect(fieldErrorsFrom(result.error, 'body')).toEqual([{ field: 'body', message: expect.any(String) }]);
  });

  it('serialise as RFC 9457 with a URN type, and omit what is not set', () => {
    expect(problems.conflict('Someone else changed this application.').toBody('01ABC')).toEqual({
      type: 'urn:ofm:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'Someone else changed this application.',
      correlationId: '01ABC',
    });
    expect(new ProblemError(418, "I'm a teapot").toBody()).toEqual({
      type: 'about:blank',
      title: "I'm a teapot",
      status: 418,
    });
  });
});
