export type SectionView = 'running' | 'scrapers' | 'history' | 'sweeps' | 'alerts';

export interface SectionRoute {
  path: string;
  label: string;
  view: SectionView;
}

/** The top-bar tabs; each is a URL (none under `/sessions`, which belongs to the API). `/` goes to the first. */
export const sectionRoutes: readonly SectionRoute[] = [
  { path: '/running', label: 'Running Sessions', view: 'running' },
  { path: '/scrapers', label: 'Scrapers', view: 'scrapers' },
  { path: '/history', label: 'History', view: 'history' },
  { path: '/sweeping', label: 'Sweeps', view: 'sweeps' },
  { path: '/alerting', label: 'Alerts', view: 'alerts' },
];

export const DEFAULT_PATH = '/running';

/** Trailing slashes are ignored: `/history/` is `/history`. */
export function findRoute(path: string): SectionRoute | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  // the alerts section has pages of its own under /alerting, and each sweep its page under /sweeping (/sweeps belongs to the API)
  const section = normalized.startsWith('/alerting/') ? '/alerting' : normalized.startsWith('/sweeping/') ? '/sweeping' : normalized;
  return sectionRoutes.find((route) => route.path === section);
}
