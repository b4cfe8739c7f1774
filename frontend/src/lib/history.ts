import { useSyncExternalStore, type MouseEvent } from 'react';

// A very small router over the History API: the app has a handful of flat paths.
const NAVIGATE_EVENT = 'botdeck:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentPath(): string {
  return window.location.pathname;
}

function currentSearch(): string {
  return window.location.search;
}

/** The current query string (`?session=…`); re-renders when it changes. */
export function useSearch(): URLSearchParams {
  const search = useSyncExternalStore(subscribe, currentSearch);
  return new URLSearchParams(search);
}

/** The current location's path; re-renders on back/forward and on `navigate`. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** Go to `path` without reloading; `replace` leaves no history entry (for redirects). */
export function navigate(path: string, { replace = false }: { replace?: boolean } = {}): void {
  if (path === currentPath() + currentSearch()) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/**
 * Click handler for an in-app `<a href>`: navigates client-side for a plain left click and
 * leaves modified clicks (new tab, new window) to the browser.
 */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const target = event.currentTarget.getAttribute('target');
  if (target && target !== '_self') return;
  event.preventDefault();
  navigate(event.currentTarget.pathname + event.currentTarget.search);
}
