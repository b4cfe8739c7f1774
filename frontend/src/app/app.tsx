import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Notice } from '@/components/ui/notice';
import { AlertBell, AlertsPage } from '@/features/alerts';
import { NavTabs } from '@/components/ui/nav-tabs';
import { CreateSessionModal, CreateSweepModal, type SessionFormMode } from '@/features/create-session';
import { HistoryTab, RunningSessions, ScrapersTab } from '@/features/sessions';
import { StorageBanner } from '@/features/storage';
import { SweepsSection, type LiveTestConfig } from '@/features/sweeps';
import { followLink, navigate, usePath, useSearch } from '@/lib/history';
import { DEFAULT_PATH, findRoute, sectionRoutes } from './routes';

// the detail panel (with its chart library) loads on first use, keeping the first load small
const SessionDetailPanel = lazy(() => import('@/features/session-detail').then((m) => ({ default: m.SessionDetailPanel })));
const MarketDataPanel = lazy(() => import('@/features/market-data').then((m) => ({ default: m.MarketDataPanel })));

export function App() {
  const path = usePath();
  const search = useSearch();
  const route = findRoute(path);
  const [form, setForm] = useState<SessionFormMode | undefined>(undefined);
  const [flash, setFlash] = useState<string | undefined>(undefined);
  const [creatingSweep, setCreatingSweep] = useState(false);

  useEffect(() => {
    if (path === '/' || path === '/index.html') navigate(DEFAULT_PATH, { replace: true });
  }, [path]);

  // the detail panel is part of the URL: `/running?session=<id>`
  const viewing = search.get('session') ?? undefined;
  const view = useCallback((id: string) => navigate(`${window.location.pathname}?session=${encodeURIComponent(id)}`), []);
  // so is a market's archived data: `/scrapers?market=XBTUSD`
  const viewingMarket = viewing ? undefined : (search.get('market') ?? undefined);
  const viewData = useCallback((market: string) => navigate(`${window.location.pathname}?market=${encodeURIComponent(market)}`), []);
  const edit = useCallback((id: string) => setForm({ kind: 'edit', id }), []);
  const clone = useCallback((id: string) => setForm({ kind: 'clone', id }), []);
  const closeForm = useCallback(() => setForm(undefined), []);
  const closeDetail = useCallback(() => navigate(window.location.pathname), []);
  const viewSweep = useCallback((id: string) => navigate(`/sweeping/${encodeURIComponent(id)}`), []);
  const createSweep = useCallback(() => setCreatingSweep(true), []);
  // a sweep's cell becomes a live test: the create form, filled with the cell's strategy, market and parameters
  const liveTest = useCallback(
    (config: LiveTestConfig) =>
      setForm({ kind: 'create', type: 'TEST', market: config.market, preset: { strategyId: config.strategyId, params: config.params, name: config.name }, title: 'Clone to Live Test' }),
    [],
  );

  return (
    <div className="app">
      <header className="top-bar">
        <a href={DEFAULT_PATH} className="top-bar__brand" onClick={followLink}>
          Botdeck
        </a>
        <NavTabs label="Sections" tabs={sectionRoutes} currentPath={route?.path ?? path} />
        <nav aria-label="Resources" className="top-bar__links">
          <a href="/graphiql" target="_blank" rel="noreferrer">
            GraphiQL
          </a>
          <a href="/swagger-ui.html" target="_blank" rel="noreferrer">
            API docs
          </a>
        </nav>
        <AlertBell />
        <button type="button" className="button button--primary" onClick={() => setForm({ kind: 'create' })}>
          + New Session
        </button>
      </header>

      <main className="content">
        <StorageBanner />
        {flash && (
          <p className="flash" role="status">
            {flash}{' '}
            <button type="button" className="linklike" onClick={() => setFlash(undefined)} aria-label="Dismiss">
              ×
            </button>
          </p>
        )}
        {route?.view === 'running' ? (
          <RunningSessions onView={view} onEdit={edit} onViewSweep={viewSweep} />
        ) : route?.view === 'scrapers' ? (
          <ScrapersTab onView={view} onViewData={viewData} />
        ) : route?.view === 'history' ? (
          <HistoryTab onView={view} onClone={clone} />
        ) : route?.view === 'sweeps' ? (
          <SweepsSection path={path} onCreate={createSweep} onOpenSession={view} onLiveTest={liveTest} />
        ) : route?.view === 'alerts' ? (
          <AlertsPage path={path} />
        ) : path === '/' || path === '/index.html' ? null : (
          <Notice kind="empty" title="Page not found">
            Nothing lives at <code>{path}</code>.{' '}
            <a href={DEFAULT_PATH} onClick={followLink}>
              Go to running sessions
            </a>
          </Notice>
        )}
      </main>

      {viewing && (
        <Suspense fallback={<div className="drawer-backdrop" aria-busy="true" />}>
          <SessionDetailPanel key={viewing} sessionId={viewing} onClose={closeDetail} onClone={clone} onView={view} />
        </Suspense>
      )}

      {viewingMarket && (
        <Suspense fallback={<div className="drawer-backdrop" aria-busy="true" />}>
          <MarketDataPanel market={viewingMarket} onClose={closeDetail} />
        </Suspense>
      )}

      {form && (
        <CreateSessionModal
          mode={form}
          onClose={closeForm}
          onDone={(session, started) => {
            setForm(undefined);
            if (form.kind === 'clone') view(session.id);
            // a live test cloned from a sweep's cell opens where running sessions are
            else if (form.kind === 'create' && form.preset) navigate(`/running?session=${encodeURIComponent(session.id)}`);
            setFlash(`${session.name} ${form.kind === 'edit' ? 'saved' : 'created'}${started ? ' and started' : ''}.`);
          }}
        />
      )}

      {creatingSweep && (
        <CreateSweepModal
          onClose={() => setCreatingSweep(false)}
          onDone={(sweep) => {
            setCreatingSweep(false);
            setFlash(`${sweep.name} created and started.`);
            viewSweep(sweep.id);
          }}
        />
      )}
    </div>
  );
}
