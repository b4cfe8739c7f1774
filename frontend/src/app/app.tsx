import { useEffect } from 'react';
import { Notice } from '@/components/ui/notice';
import { NavTabs } from '@/components/ui/nav-tabs';
import { SessionsOverview } from '@/features/sessions';
import { followLink, navigate, usePath } from '@/lib/history';
import { DEFAULT_PATH, findRoute, sectionRoutes } from './routes';

export function App() {
  const path = usePath();
  const route = findRoute(path);

  useEffect(() => {
    if (path === '/' || path === '/index.html') navigate(DEFAULT_PATH, { replace: true });
  }, [path]);

  return (
    <div className="app">
      <header className="top-bar">
        <a href={DEFAULT_PATH} className="top-bar__brand" onClick={followLink}>
          Botdeck
        </a>
        <NavTabs label="Sections" tabs={sectionRoutes} currentPath={route?.path ?? path} />
        <nav aria-label="Resources" className="top-bar__links">
          <a href="/swagger-ui.html" target="_blank" rel="noreferrer">
            API docs
          </a>
        </nav>
      </header>

      <main className="content">
        {route ? (
          // one overview for all tabs: switching tabs filters the rows already loaded
          <SessionsOverview view={route.view} title={route.label} />
        ) : path === '/' || path === '/index.html' ? null : (
          <Notice kind="empty" title="Page not found">
            Nothing lives at <code>{path}</code>.{' '}
            <a href={DEFAULT_PATH} onClick={followLink}>
              Go to running sessions
            </a>
          </Notice>
        )}
      </main>
    </div>
  );
}
