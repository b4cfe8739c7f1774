import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockGraphQL } from '@/testing/mock-graphql';
import { backoffDelay, GraphQLRequestError, request } from './graphql-client';

const Doc = { toString: () => 'query Ping { health { sessionId } }' } as never;

describe('graphql client', () => {
  afterEach(() => vi.restoreAllMocks());

  it('backs off exponentially with jitter, capped at 15 s', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(20, () => 0.5)).toBe(15000);
    expect(backoffDelay(1, () => 0)).toBe(800);
  });

  it('posts the operation and returns its data', async () => {
    const { calls } = mockGraphQL({ Ping: { health: [] } });
    await expect(request(Doc, {})).resolves.toEqual({ health: [] });
    expect(calls).toEqual([{ operation: 'Ping', variables: {} }]);
  });

  it('turns GraphQL errors into an error with the field messages', async () => {
    mockGraphQL({
      Ping: () => {
        throw { errors: [{ message: 'invalid input', extensions: { classification: 'BAD_REQUEST', fields: { rangeEnd: 'must not be in the future' } } }] };
      },
    });
    const error = await request(Doc, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect((error as GraphQLRequestError).classification).toBe('BAD_REQUEST');
    expect((error as GraphQLRequestError).fieldErrors).toEqual({ rangeEnd: 'must not be in the future' });
  });

  it('says when the server is unreachable', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request(Doc, {})).rejects.toThrow('The server is unreachable');
  });
});
