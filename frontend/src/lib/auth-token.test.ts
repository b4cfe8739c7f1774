import { describe, expect, it, vi } from 'vitest';
import { askForToken, TOKEN_COOKIE } from './auth-token';

describe('askForToken', () => {
  it('asks once for requests that fail together and keeps the token in a cookie', async () => {
    const ask = vi.fn(() => ' abc def ');
    const results = await Promise.all([askForToken(ask), askForToken(ask)]);
    expect(results).toEqual([true, true]);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(document.cookie).toContain(`${TOKEN_COOKIE}=abc%20def`);
  });

  it('gives up when the user cancels', async () => {
    expect(await askForToken(() => null)).toBe(false);
  });
});
