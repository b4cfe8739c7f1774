import { useState } from 'react';
import { request } from '@/lib/graphql-client';
import { formatDecimal, formatDuration, formatInteger } from '@/lib/format';
import { useSubscription } from '@/lib/use-subscription';
import { ResumeInterruptedSweepMutation, RunningSweepUpdatedSubscription, StopSweepMutation } from '../api/operations';
import type { SweepRow } from '../hooks/use-running-sweeps';

/**
 * One sweep as one row of Running Sessions: name, cells done of the total, cells running now,
 * ETA; [Stop] (cancels it) and [View] while it runs, [Resume] and [View] when a restart
 * interrupted it. Its progress is live (`sweepUpdated`) while the row is on screen.
 */
export function SweepCard({ sweep, onApply, onView }: { sweep: SweepRow; onApply: (sweep: SweepRow) => void; onView: () => void }) {
  const [pending, setPending] = useState<'stop' | 'resume' | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useSubscription(RunningSweepUpdatedSubscription, { id: sweep.id }, ({ sweepUpdated }) => onApply(sweepUpdated));

  const act = async (action: 'stop' | 'resume') => {
    setPending(action);
    setError(undefined);
    try {
      const result = action === 'stop' ? (await request(StopSweepMutation, { id: sweep.id })).cancelSweep : (await request(ResumeInterruptedSweepMutation, { id: sweep.id })).resumeSweep;
      onApply(result);
    } catch (cause) {
      setError(`${action === 'stop' ? 'Stop' : 'Resume'} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    } finally {
      setPending(undefined);
    }
  };

  const running = sweep.status === 'RUNNING';
  const kind = running ? 'running' : 'stale';
  return (
    <li className={`card card--${kind} card--sweep`} aria-label={sweep.name}>
      <div className="card__line">
        <span className={`card__icon card__icon--${kind}`} aria-hidden="true">
          {running ? '▦' : '⚠'}
        </span>
        <button type="button" className="card__name linklike" onClick={onView}>
          {sweep.name}
        </button>
        <span className="card__cell">
          <span className="badge badge--info">sweep</span> {sweep.strategy?.name ?? sweep.strategyId}
        </span>
        <span className="card__cell card__market">{sweep.market}</span>
        <span className="card__cell num">
          {formatInteger(sweep.cellsDone)} / {formatInteger(sweep.cellCount)} cells
        </span>
        <span className="card__cell num">{running ? <>ETA {sweep.etaSeconds !== null && sweep.etaSeconds !== undefined ? formatDuration(sweep.etaSeconds) : '—'}</> : <span className="badge badge--warn">INTERRUPTED</span>}</span>
      </div>
      <div className="card__line card__line--second">
        <span className="card__detail progress-line">
          <progress className="progress" max={sweep.cellCount || 1} value={sweep.cellsDone} aria-label={`Cells done of ${sweep.name}`} />
          {running ? (
            <span className="muted">
              Running now: {formatInteger(sweep.cellsRunning)}
              {sweep.candlesPerSecond !== null && sweep.candlesPerSecond !== undefined && <> · {formatDecimal(sweep.candlesPerSecond, 0)} candles/s</>}
              {sweep.cellsFailed > 0 && <> · {formatInteger(sweep.cellsFailed)} failed</>}
            </span>
          ) : (
            <span className="muted">Waiting for a resume: only the cells not completed will run.</span>
          )}
        </span>
        <span className="card__actions">
          {running ? (
            <button type="button" className="button" disabled={pending !== undefined} onClick={() => void act('stop')} aria-label={`Stop ${sweep.name}`}>
              {pending === 'stop' ? 'Stopping…' : 'Stop'}
            </button>
          ) : (
            <button type="button" className="button button--primary" disabled={pending !== undefined} onClick={() => void act('resume')} aria-label={`Resume ${sweep.name}`}>
              {pending === 'resume' ? 'Resuming…' : 'Resume'}
            </button>
          )}
          <button type="button" className="button" onClick={onView} aria-label={`View ${sweep.name}`}>
            View
          </button>
        </span>
      </div>
      {error && (
        <p className="card__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
