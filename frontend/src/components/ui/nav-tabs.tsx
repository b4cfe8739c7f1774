import { followLink } from '@/lib/history';

export interface NavTab {
  path: string;
  label: string;
}

/** Tabs that are links: each has its own URL, the current one is `aria-current="page"`. */
export function NavTabs({ label, tabs, currentPath }: { label: string; tabs: readonly NavTab[]; currentPath: string }) {
  return (
    <nav aria-label={label} className="nav-tabs">
      {tabs.map((tab) => {
        const current = tab.path === currentPath;
        return (
          <a
            key={tab.path}
            href={tab.path}
            className={current ? 'nav-tabs__tab nav-tabs__tab--current' : 'nav-tabs__tab'}
            aria-current={current ? 'page' : undefined}
            onClick={followLink}
          >
            {tab.label}
          </a>
        );
      })}
    </nav>
  );
}
