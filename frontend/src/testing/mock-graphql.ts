import { vi } from 'vitest';

type Answer = unknown | ((variables: Record<string, unknown>) => unknown);

/**
 * Replaces `fetch` with a GraphQL endpoint answering by operation name: a route's value is the
 * `data`, or a function of the variables returning it; throw a `{ errors }` object from the
 * function to answer with errors. Unknown operations answer an error.
 */
export function mockGraphQL(routes: Record<string, Answer>) {
  const calls: { operation: string; variables: Record<string, unknown> }[] = [];
  const fetchMock = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as { query: string; variables?: Record<string, unknown> };
    const operation = /(?:query|mutation|subscription)\s+(\w+)/.exec(body.query)?.[1] ?? '';
    const variables = body.variables ?? {};
    calls.push({ operation, variables });
    const route = routes[operation];
    const json = (payload: unknown) => new Response(JSON.stringify(payload), { status: 200, headers: { 'Content-Type': 'application/json' } });
    if (route === undefined) return json({ errors: [{ message: `no mock for ${operation}` }] });
    try {
      const data = typeof route === 'function' ? (route as (v: Record<string, unknown>) => unknown)(variables) : route;
      return json({ data });
    } catch (thrown) {
      if (thrown && typeof thrown === 'object' && 'errors' in thrown) return json({ data: null, ...thrown });
      throw thrown;
    }
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, calls };
}
