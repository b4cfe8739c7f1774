/**
 * The access token of a server that listens beyond loopback (`botdeck.auth.token`). The server
 * answers 401 without it; the dashboard then asks for it once and keeps it in a same-site cookie,
 * which the browser sends with every request, WebSocket, GraphiQL and Swagger UI of this origin.
 */
export const TOKEN_COOKIE = 'botdeck_token';

let asking: Promise<boolean> | undefined;

/** Asks the user for the token (one prompt however many requests failed); true when one was given. */
export function askForToken(ask: (message: string) => string | null = (m) => window.prompt(m)): Promise<boolean> {
  asking ??= Promise.resolve().then(() => {
    const token = ask('This Botdeck server needs its access token (botdeck.auth.token):')?.trim();
    if (!token) return false;
    const secure = window.location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; Max-Age=31536000; SameSite=Strict${secure}`;
    return true;
  });
  const pending = asking;
  void pending.finally(() => {
    if (asking === pending) asking = undefined;
  });
  return pending;
}
