import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ConnectionIndicator } from '@/components/ui/connection-indicator';
import { Notice } from '@/components/ui/notice';
import type { SweepCellRowFragment, SweepMetric } from '@/gql/graphql';
import { request } from '@/lib/graphql-client';
import { formatDecimal, formatDuration, formatInteger, formatUtc } from '@/lib/format';
import { followLink, navigate } from '@/lib/history';
import { queryKeys } from '@/lib/query';
import { CancelSweepMutation, DeleteSweepMutation, ResumeSweepMutation } from '../api/operations';
import { useSweep } from '../hooks/use-sweep';
import { formatParamValue, METRICS } from '../metrics';
import { BestCell } from './best-cell';
import { SweepCellsTable, type CellActions } from './sweep-cells-table';
import { defaultAxes, SweepHeatmap, type HeatmapAxes } from './sweep-heatmap';
import { CellsDone, SweepStatusBadge } from './sweep-status';

/** What a live test cloned from a cell runs: the sweep's strategy and market, its base parameters with the cell's coordinates. */
export interface LiveTestConfig {
  strategyId: string;
  market: string;
  params: Record<string, unknown>;
  name: string;
}

type Action = 'cancel' | 'resume' | 'delete';

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * One sweep: its status and live progress, [Cancel] / [Resume] / [Delete], the best cell with its
 * robustness, a heatmap over two swept parameters, and the cells table; every cell opens its
 * session or becomes a live test.
 */
export function SweepPage({ sweepId, onOpenSession, onLiveTest }: { sweepId: string; onOpenSession: (sessionId: string) => void; onLiveTest: (config: LiveTestConfig) => void }) {
  const queryClient = useQueryClient();
  const { sweep, loading, error, apply } = useSweep(sweepId);
  const [metric, setMetric] = useState<SweepMetric>('TOTAL_PNL');
  const [axes, setAxes] = useState<HeatmapAxes | undefined>(undefined);
  const [pending, setPending] = useState<Action | undefined>(undefined);
  const [actionError, setActionError] = useState<string | undefined>(undefined);

  if (error) {
    return (
      <section aria-labelledby="sweep-title">
        <div className="panel__header">
          <h1 id="sweep-title">Sweep</h1>
        </div>
        <Notice kind="error" title="Could not load the sweep">
          <p className="notice__detail">{error.message}</p>
        </Notice>
        <p>
          <a href="/sweeping" onClick={followLink}>
            ← All sweeps
          </a>
        </p>
      </section>
    );
  }
  if (loading) return <Notice kind="loading">Loading the sweep…</Notice>;
  if (!sweep) {
    return (
      <Notice kind="empty" title="No such sweep">
        It may have been deleted.{' '}
        <a href="/sweeping" onClick={followLink}>
          All sweeps
        </a>
      </Notice>
    );
  }

  const parameters = sweep.grid.map((a) => a.parameter);
  const shownAxes = axes ?? defaultAxes(parameters);
  const act = async (action: Action) => {
    setPending(action);
    setActionError(undefined);
    try {
      if (action === 'delete') {
        await request(DeleteSweepMutation, { id: sweep.id });
        queryClient.removeQueries({ queryKey: queryKeys.sweep(sweep.id) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.sweepLists });
        void queryClient.invalidateQueries({ queryKey: queryKeys.sessionLists });
        navigate('/sweeping');
        return;
      }
      const result = action === 'cancel' ? (await request(CancelSweepMutation, { id: sweep.id })).cancelSweep : (await request(ResumeSweepMutation, { id: sweep.id })).resumeSweep;
      apply(result);
    } catch (cause) {
      setActionError(`${action.charAt(0).toUpperCase()}${action.slice(1)} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    } finally {
      setPending(undefined);
    }
  };

  const actions: CellActions = {
    onOpen: onOpenSession,
    onLiveTest: (cell: SweepCellRowFragment) =>
      onLiveTest({
        strategyId: sweep.strategyId,
        market: sweep.market,
        params: { ...record(sweep.baseParams), ...record(cell.params) },
        name: `${sweep.name} #${cell.index + 1} live`,
      }),
  };
  const running = sweep.status === 'RUNNING';
  const base = Object.entries(record(sweep.baseParams)).filter(([name]) => !parameters.includes(name));

  return (
    <section aria-labelledby="sweep-title" className="sweep-page">
      <p className="sweep-page__back">
        <a href="/sweeping" onClick={followLink}>
          ← All sweeps
        </a>
      </p>
      <div className="panel__header">
        <h1 id="sweep-title">{sweep.name}</h1>
        <SweepStatusBadge status={sweep.status} />
        {running && <ConnectionIndicator />}
        <span className="card__actions">
          {running && (
            <button type="button" className="button" disabled={pending !== undefined} onClick={() => void act('cancel')}>
              {pending === 'cancel' ? 'Cancelling…' : 'Cancel sweep'}
            </button>
          )}
          {sweep.status === 'INTERRUPTED' && (
            <button type="button" className="button button--primary" disabled={pending !== undefined} onClick={() => void act('resume')}>
              {pending === 'resume' ? 'Resuming…' : 'Resume'}
            </button>
          )}
          {!running && <ConfirmButton label="Delete" ariaLabel="Delete sweep" disabled={pending !== undefined} onConfirm={() => void act('delete')} />}
        </span>
      </div>
      <p className="panel__meta">
        {sweep.strategy?.name ?? sweep.strategyId} • {sweep.market} • {formatUtc(sweep.rangeStart, 'date')} → {formatUtc(sweep.rangeEnd, 'date')} • created {formatUtc(sweep.createdAt)}
        {sweep.finishedAt && <> • ended {formatUtc(sweep.finishedAt)}</>}
      </p>
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      {sweep.error && (
        <Notice kind="error" title="Something went wrong">
          <p className="notice__detail">{sweep.error}</p>
        </Notice>
      )}
      {sweep.status === 'INTERRUPTED' && (
        <Notice kind="warning" title="Interrupted by a server restart">
          Nothing resumes by itself: [Resume] runs only the cells that have not completed.
        </Notice>
      )}

      <section className="sweep-progress" aria-label="Progress">
        <div>
          <span className="stat__label">Cells done</span>
          <CellsDone done={sweep.cellsDone} total={sweep.cellCount} failed={sweep.cellsFailed} label="Cells done" />
        </div>
        <div>
          <span className="stat__label">Running now</span>
          <span className="tabular">{running ? formatInteger(sweep.cellsRunning) : '—'}</span>
        </div>
        <div>
          <span className="stat__label">Candles/s</span>
          <span className="tabular">{sweep.candlesPerSecond !== null && sweep.candlesPerSecond !== undefined ? formatDecimal(sweep.candlesPerSecond, 0) : '—'}</span>
        </div>
        <div>
          <span className="stat__label">ETA</span>
          <span className="tabular">{running ? (sweep.etaSeconds !== null && sweep.etaSeconds !== undefined ? formatDuration(sweep.etaSeconds) : 'estimating…') : '—'}</span>
        </div>
      </section>

      <dl className="sweep-grid">
        {sweep.grid.map((axis) => (
          <div key={axis.parameter}>
            <dt>{axis.parameter}</dt>
            <dd className="tabular">
              {axis.values.map(formatParamValue).join(', ')} <span className="muted">({formatInteger(axis.values.length)})</span>
            </dd>
          </div>
        ))}
        {base.length > 0 && (
          <div>
            <dt className="muted">Base</dt>
            <dd className="tabular muted">{base.map(([name, value]) => `${name} ${formatParamValue(value)}`).join(', ')}</dd>
          </div>
        )}
      </dl>

      <div className="filters">
        <label htmlFor="sweep-metric">Compare by</label>
        <select id="sweep-metric" value={metric} onChange={(e) => setMetric(e.target.value as SweepMetric)}>
          {METRICS.map((m) => (
            <option key={m.metric} value={m.metric}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <BestCell sweepId={sweep.id} metric={metric} parameters={parameters} actions={actions} running={running || sweep.status === 'INTERRUPTED'} />
      <SweepHeatmap sweepId={sweep.id} grid={sweep.grid} metric={metric} axes={shownAxes} onAxes={setAxes} />
      <SweepCellsTable sweepId={sweep.id} parameters={parameters} actions={actions} />
    </section>
  );
}
