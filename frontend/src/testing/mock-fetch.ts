import { vi } from 'vitest';

type Route = unknown | (() => Response | Promise<Response>);

/** A JSON response the way the backend sends it. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/**
 * Replaces `fetch` with one that answers by URL (path + query). A route's value is the JSON
 * body, or a function returning a Response. Unknown URLs answer 404.
 */
export function mockFetch(routes: Record<string, Route>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const route = routes[url.pathname + url.search];
    if (route === undefined) return jsonResponse({ success: false, error: 'not found' }, 404);
    return typeof route === 'function' ? (route as () => Response | Promise<Response>)() : jsonResponse(route);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** A `fetch` that fails the way an unreachable server does. */
export function mockFetchUnreachable() {
  const fetchMock = vi.fn(async () => {
    throw new TypeError('Failed to fetch');
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
