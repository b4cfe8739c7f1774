import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Notice } from '@/components/ui/notice';
import type { SweepHeatmapQuery as SweepHeatmapData, SweepMetric } from '@/gql/graphql';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { SweepHeatmapQuery } from '../api/operations';
import { heatColour, heatScale, legendGradient } from '../heatmap-scale';
import { formatMetric, formatParamValue, metricInfo } from '../metrics';

export type Heatmap = NonNullable<SweepHeatmapData['sweep']>['heatmap'];

/** Squares show their value as text while the grid is this narrow; wider grids show colour only (the value stays in the title). */
const TEXT_UP_TO_COLUMNS = 12;

export interface HeatmapAxes {
  x: string;
  y: string;
}

/**
 * The grid drawn: one row per value of `y`, one square per value of `x`, coloured by the metric
 * from worst to best, with a legend. Every square names its coordinates and value (title and
 * accessible name); a square without a completed cell is empty.
 */
export function HeatmapGrid({ heatmap, third }: { heatmap: Heatmap; third?: { parameter: string; count: number } }) {
  const info = metricInfo(heatmap.metric);
  const scale = heatScale(heatmap.values, info.better);
  const showText = heatmap.xValues.length <= TEXT_UP_TO_COLUMNS;
  return (
    <figure className="heatmap">
      <div className="table-scroll">
        <table className="heatmap__table" aria-label={`${info.label} by ${heatmap.x} (across) and ${heatmap.y} (down)`}>
          <thead>
            <tr>
              <th scope="col" className="heatmap__corner">
                <span className="muted">
                  {heatmap.y} ↓ · {heatmap.x} →
                </span>
              </th>
              {heatmap.xValues.map((x, c) => (
                <th key={c} scope="col" className="num">
                  {formatParamValue(x)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {heatmap.yValues.map((y, r) => (
              <tr key={r}>
                <th scope="row" className="num">
                  {formatParamValue(y)}
                </th>
                {heatmap.xValues.map((x, c) => {
                  const value = heatmap.values[r]?.[c] ?? null;
                  const where = `${heatmap.x} ${formatParamValue(x)}, ${heatmap.y} ${formatParamValue(y)}`;
                  const label = value === null ? `${where}: no completed cell` : `${where}: ${info.label} ${formatMetric(heatmap.metric, value)}`;
                  const fill = heatColour(value, scale);
                  return (
                    <td
                      key={c}
                      className={`heatmap__cell${value === null ? ' heatmap__cell--empty' : ''}`}
                      style={fill ? { background: fill } : undefined}
                      title={label}
                      aria-label={label}
                      data-value={value ?? undefined}
                    >
                      {showText && value !== null ? formatMetric(heatmap.metric, value) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption className="heatmap__legend">
        {scale ? (
          <>
            <span className="tabular">{formatMetric(heatmap.metric, scale.min)}</span>
            <span className="heatmap__ramp" style={{ background: legendGradient(scale) }} aria-hidden="true" />
            <span className="tabular">{formatMetric(heatmap.metric, scale.max)}</span>
            <span className="muted">
              {info.better === 'higher' ? 'green is better (higher)' : info.better === 'lower' ? 'green is better (lower)' : 'lighter is more'}
            </span>
          </>
        ) : (
          <span className="muted">No cell has completed yet: squares fill in as cells end.</span>
        )}
        <span className="muted">
          <span className="heatmap__swatch heatmap__cell--empty" aria-hidden="true" /> no completed cell
        </span>
      </figcaption>
      {third && (
        <p className="muted heatmap__note" role="note">
          This sweep also varies <strong>{third.parameter}</strong> ({third.count} values): each square shows the best {info.label.toLowerCase()} over them.
        </p>
      )}
    </figure>
  );
}

/** The axes to start with: the first two swept parameters. */
export function defaultAxes(parameters: readonly string[]): HeatmapAxes | undefined {
  return parameters.length >= 2 ? { x: parameters[0]!, y: parameters[1]! } : undefined;
}

/** Heatmap section: choose the parameters across and down; the metric is the page's. */
export function SweepHeatmap({
  sweepId,
  grid,
  metric,
  axes,
  onAxes,
}: {
  sweepId: string;
  grid: readonly { parameter: string; values: readonly unknown[] }[];
  metric: SweepMetric;
  axes: HeatmapAxes | undefined;
  onAxes: (axes: HeatmapAxes) => void;
}) {
  const id = useId();
  const parameters = grid.map((a) => a.parameter);
  const heatmap = useQuery({
    ...graphqlQuery(SweepHeatmapQuery, { id: sweepId, x: axes?.x ?? '', y: axes?.y ?? '', metric }, queryKeys.sweep(sweepId)),
    enabled: axes !== undefined,
    placeholderData: keepPreviousData,
  });
  if (!axes) {
    return (
      <section className="sweep-section" aria-labelledby={`${id}-title`}>
        <h2 className="form-section" id={`${id}-title`}>
          Heatmap
        </h2>
        <p className="muted">A heatmap needs two swept parameters; this sweep varies only {parameters[0] ?? 'one'}. Sort the cells below to compare them.</p>
      </section>
    );
  }
  // choosing the parameter the other axis shows swaps the two
  const choose = (axis: 'x' | 'y', parameter: string) => {
    const other = axis === 'x' ? 'y' : 'x';
    onAxes(axes[other] === parameter ? { x: axes.y, y: axes.x } : { ...axes, [axis]: parameter });
  };
  const thirdAxis = grid.find((a) => a.parameter !== axes.x && a.parameter !== axes.y);
  const data = heatmap.data?.sweep?.heatmap;
  return (
    <section className="sweep-section" aria-labelledby={`${id}-title`}>
      <h2 className="form-section" id={`${id}-title`}>
        Heatmap
      </h2>
      <div className="filters">
        <label htmlFor={`${id}-x`}>Across</label>
        <select id={`${id}-x`} value={axes.x} onChange={(e) => choose('x', e.target.value)}>
          {parameters.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-y`}>Down</label>
        <select id={`${id}-y`} value={axes.y} onChange={(e) => choose('y', e.target.value)}>
          {parameters.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      {heatmap.error ? (
        <Notice kind="error" title="Could not load the heatmap">
          <p className="notice__detail">{heatmap.error.message}</p>
        </Notice>
      ) : data ? (
        <HeatmapGrid heatmap={data} third={thirdAxis ? { parameter: thirdAxis.parameter, count: thirdAxis.values.length } : undefined} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
