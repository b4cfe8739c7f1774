import { useQuery } from '@tanstack/react-query';
import { Notice } from '@/components/ui/notice';
import type { SweepMetric } from '@/gql/graphql';
import { formatInteger } from '@/lib/format';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { SweepBestQuery } from '../api/operations';
import { coordinates, formatMetric, metricInfo } from '../metrics';
import { CellActionButtons, type CellActions } from './sweep-cells-table';

/** What a robustness score means, in words a trader can act on. */
export function robustnessInWords(robustness: number | null | undefined, neighbours: number): string {
  if (robustness === null || robustness === undefined || neighbours === 0) {
    return 'None of its neighbours (one step away on one swept parameter) has completed, so there is nothing yet to say whether this result is a lone spike.';
  }
  const agreeing = Math.round(robustness * neighbours);
  const share = `${formatInteger(agreeing)} of its ${formatInteger(neighbours)} completed ${neighbours === 1 ? 'neighbour' : 'neighbours'} (one step away on one swept parameter) ${agreeing === 1 ? 'beats' : 'beat'} the median of all completed cells`;
  const verdict =
    robustness >= 0.75
      ? 'robust: the parameters around it do well too, so small changes to them should not undo the result.'
      : robustness >= 0.5
        ? 'fairly robust: about half of the parameters around it do well; check the heatmap before trusting it.'
        : 'fragile: the parameters around it do worse than a typical cell, so this result may be a lone spike that will not hold.';
  return `${share} — ${verdict}`;
}

/** The best completed cell by the chosen metric, its robustness, and what to do with it. */
export function BestCell({
  sweepId,
  metric,
  parameters,
  actions,
  running,
}: {
  sweepId: string;
  metric: SweepMetric;
  parameters: readonly string[];
  actions: CellActions;
  /** Cells may still complete. */
  running: boolean;
}) {
  const best = useQuery(graphqlQuery(SweepBestQuery, { id: sweepId, metric }, queryKeys.sweep(sweepId)));
  const info = metricInfo(metric);
  const data = best.data?.sweep?.best;
  return (
    <section className="sweep-section best-cell" aria-label="Best cell">
      <h2 className="form-section">Best cell by {info.label.toLowerCase()}</h2>
      {best.error ? (
        <Notice kind="error" title="Could not load the best cell">
          <p className="notice__detail">{best.error.message}</p>
        </Notice>
      ) : best.isPending ? (
        <p className="muted">Loading…</p>
      ) : !data ? (
        <p className="muted">{running ? 'No cell has completed yet.' : 'No cell completed: there is no best cell.'}</p>
      ) : (
        <div className="best-cell__body">
          <p className="best-cell__headline">
            <strong>#{data.cell.index + 1}</strong> <span>({coordinates(data.cell.params, parameters)})</span>:{' '}
            <strong className="tabular">{formatMetric(metric, info.of(data.cell))}</strong>
            {data.robustness !== null && data.robustness !== undefined && (
              <span className="muted"> · robustness {Math.round(data.robustness * 100)}%</span>
            )}
          </p>
          <p>{robustnessInWords(data.robustness, data.neighbours)}</p>
          <p className="row-actions">
            <CellActionButtons cell={data.cell} parameters={parameters} actions={actions} />
          </p>
        </div>
      )}
    </section>
  );
}
