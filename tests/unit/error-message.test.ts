import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/shared/error-message';

describe('messageOf', () => {
  it("is an Error's message, and anything else thrown as a string", () => {
    expect(messageOf(new TypeError('no WebGL context'))).toBe('no WebGL context');
    expect(messageOf('the worker did not answer')).toBe('the worker did not answer');
    expect(messageOf(404)).toBe('404');
    expect(messageOf(undefined)).toBe('undefined');
  });
});
