import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';

/** HTTP and WebSocket URLs of the GraphQL endpoint of the server that served this page. */
export function endpoints(location: Pick<Location, 'protocol' | 'host'>): { http: string; ws: string } {
  const secure = location.protocol === 'https:';
  return {
    http: `${location.protocol}//${location.host}/graphql`,
    ws: `${secure ? 'wss' : 'ws'}://${location.host}/graphql`,
  };
}

/**
 * Queries and mutations go over HTTP POST; subscriptions over graphql-ws on the same path.
 * The WebSocket client reconnects with backoff and retries a dropped subscription.
 */
export function botdeckFetcher(location: Pick<Location, 'protocol' | 'host'> = window.location): Fetcher {
  const { http, ws } = endpoints(location);
  return createGraphiQLFetcher({
    url: http,
    wsClient: createClient({ url: ws, lazy: true, retryAttempts: 5 }),
  });
}
