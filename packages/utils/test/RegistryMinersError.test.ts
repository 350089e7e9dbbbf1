import { describe, expect, it } from 'vitest';
import { RegistryMinersError, display, expectedTypeError, hasErrorCode } from '../src/index.js';

class ExampleError extends RegistryMinersError<'ERR_EXAMPLE', { url: string }> {
  override name = 'ExampleError';
}

describe('RegistryMinersError', () => {
  it('keeps code, hint, details and cause beside the message', () => {
    const cause = new Error('socket hang up');
    const error = new ExampleError('ERR_EXAMPLE', 'fetching failed', { hint: 'retry later', cause, details: { url: 'https://x' } });
    expect(error.message).toBe('fetching failed');
    expect(error.hint).toBe('retry later');
    expect(error.details).toEqual({ url: 'https://x' });
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('ExampleError');
    expect(error).toBeInstanceOf(RegistryMinersError);
    expect(hasErrorCode(error, 'ERR_EXAMPLE')).toBe(true);
    expect(hasErrorCode(new Error('ERR_EXAMPLE'), 'ERR_EXAMPLE')).toBe(false);
  });
});

describe('display and expectedTypeError', () => {
  it('shows received values on one line, bounded', () => {
    expect(display('1e9')).toBe("'1e9'");
    expect(display(undefined)).toBe('undefined');
    expect(display('x'.repeat(500)).length).toBeLessThan(120);
    expect(display({ a: { b: { c: 1 } } })).toBe('{ a: { b: [Object] } }');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(display(cyclic)).toContain('Circular');
  });

  it('words every bad-argument message the same way', () => {
    const error = expectedTypeError('concurrency', 'an integer from 1 to 4096', 1e9);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('Expected `concurrency` to be an integer from 1 to 4096, got 1000000000');
  });
});
