/** A failed call to the Botdeck REST API: network error, non-2xx status or `success: false`. */
export class ApiError extends Error {
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

interface Envelope {
  success?: boolean;
  error?: unknown;
}

/**
 * GET a JSON document from the backend (same origin; Vite proxies it in development).
 * The REST API wraps every answer as `{ success, ... }` or `{ success: false, error }`.
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(`GET ${path}: the API is unreachable`);
  }
  let body: (T & Envelope) | undefined;
  try {
    body = (await response.json()) as T & Envelope;
  } catch {
    body = undefined;
  }
  if (!response.ok || body === undefined || body.success === false) {
    const detail = describeError(body?.error) ?? `HTTP ${response.status}`;
    throw new ApiError(`GET ${path}: ${detail}`, response.status);
  }
  return body;
}

function describeError(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return undefined;
}
