import { createClient, type Client } from 'graphql-ws';
import { DECIMAL_FIELDS } from '@/gql/decimal-fields';
import type { TypedDocumentString } from '@/gql/graphql';
import { askForToken } from './auth-token';

/** One error of a GraphQL answer, as Spring for GraphQL sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { classification?: string; fields?: Record<string, string> | Array<{ field: string; message: string }>; [key: string]: unknown };
}

/** A failed GraphQL call: unreachable server, non-2xx status, or `errors` in the answer. */
export class GraphQLRequestError extends Error {
  readonly errors: readonly GraphQLErrorEntry[];
  readonly status: number | undefined;

  constructor(message: string, errors: readonly GraphQLErrorEntry[] = [], status?: number) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.errors = errors;
    this.status = status;
  }

  /** `BAD_REQUEST`, `NOT_FOUND`, `CONFLICT` ... of the first error. */
  get classification(): string | undefined {
    return this.errors[0]?.extensions?.classification;
  }

  /** Field name → message, from `extensions.fields` of validation errors. */
  get fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.errors) {
      const fields = error.extensions?.fields;
      if (Array.isArray(fields)) {
        for (const entry of fields) if (entry && typeof entry.field === 'string') result[entry.field] = String(entry.message);
      } else if (fields && typeof fields === 'object') {
        for (const [field, message] of Object.entries(fields)) result[field] = String(message);
      }
    }
    return result;
  }
}

export const GRAPHQL_PATH = '/graphql';

/**
 * JSON.parse reviver: a BigDecimal field (by name, from the schema) keeps the exact digits the
 * server sent, as a string, instead of becoming a floating-point number. Uses the source text
 * JSON.parse hands to revivers (Chromium 114+, Firefox 135+, Safari 18.4+, Node 21+).
 */
export function reviveDecimals(this: unknown, key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || !DECIMAL_FIELDS.has(key)) return value;
  return context?.source ?? String(value);
}

/** Parses a GraphQL answer with BigDecimal fields as exact decimal strings. */
export function parseAnswer<T>(text: string): T {
  return JSON.parse(text, reviveDecimals as (key: string, value: unknown) => unknown) as T;
}

/** Runs a query or mutation over HTTP POST /graphql. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables, signal]: TVariables extends Record<string, never> ? [variables?: TVariables, signal?: AbortSignal] : [variables: TVariables, signal?: AbortSignal]
): Promise<TResult> {
  let response: Response;
  try {
    const send = () =>
      fetch(GRAPHQL_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
        body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
        signal,
      });
    response = await send();
    // a server that listens beyond loopback needs its access token: ask once, then retry
    if (response.status === 401 && (await askForToken())) response = await send();
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new GraphQLRequestError('The server is unreachable');
  }
  let body: { data?: TResult | null; errors?: GraphQLErrorEntry[] } | undefined;
  try {
    body = parseAnswer<NonNullable<typeof body>>(await response.text());
  } catch {
    body = undefined;
  }
  if (body?.errors?.length) {
    throw new GraphQLRequestError(body.errors.map((e) => e.message).join('; '), body.errors, response.status);
  }
  if (!response.ok || !body?.data) {
    throw new GraphQLRequestError(`HTTP ${response.status}`, [], response.status);
  }
  return body.data;
}

// ------------------------------------------------------------------ subscriptions

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

let connectionState: ConnectionState = 'closed';
const stateListeners = new Set<() => void>();

function setConnectionState(next: ConnectionState) {
  if (next === connectionState) return;
  connectionState = next;
  stateListeners.forEach((listener) => listener());
}

export function getConnectionState(): ConnectionState {
  return connectionState;
}

export function subscribeConnectionState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** Delay before reconnect attempt `retries` (0-based): 0.5 s, 1 s, 2 s ... capped at 15 s, with jitter. */
export function backoffDelay(retries: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** retries);
  return Math.round(base * (0.8 + 0.4 * random()));
}

let wsClient: Client | undefined;

function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${GRAPHQL_PATH}`;
}

function client(): Client {
  if (wsClient) return wsClient;
  let everConnected = false;
  wsClient = createClient({
    url: websocketUrl(),
    lazy: true,
    lazyCloseTimeout: 3_000,
    jsonMessageReviver: reviveDecimals as (key: string, value: unknown) => unknown,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => window.setTimeout(resolve, backoffDelay(retries))),
    on: {
      connecting: () => setConnectionState(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        everConnected = true;
        setConnectionState('connected');
      },
      closed: () => setConnectionState(everConnected ? 'reconnecting' : 'closed'),
    },
  });
  return wsClient;
}

export interface SubscriptionSink<TResult> {
  next: (data: TResult) => void;
  error?: (error: GraphQLRequestError) => void;
  complete?: () => void;
}

/**
 * Starts a subscription over graphql-ws (one shared socket, reconnecting with backoff).
 * Returns the function that ends it.
 */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  sink: SubscriptionSink<TResult>,
): () => void {
  return client().subscribe<TResult>(
    { query: document.toString(), variables: (variables ?? {}) as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors?.length) {
          const errors = result.errors as unknown as GraphQLErrorEntry[];
          sink.error?.(new GraphQLRequestError(errors.map((e) => e.message).join('; '), errors));
        } else if (result.data) sink.next(result.data);
      },
      error: (error) => {
        const errors = Array.isArray(error) ? (error as GraphQLErrorEntry[]) : [];
        const message = errors.length ? errors.map((e) => e.message).join('; ') : error instanceof Error ? error.message : 'Subscription failed';
        sink.error?.(new GraphQLRequestError(message, errors));
      },
      complete: () => sink.complete?.(),
    },
  );
}
