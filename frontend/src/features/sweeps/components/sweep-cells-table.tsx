import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Notice } from '@/components/ui/notice';
import { Pager } from '@/components/ui/pager';
import { Pnl } from '@/components/ui/pnl';
import { Table, type Column } from '@/components/ui/table';
import type { SweepCellRowFragment, SweepCellSort, SweepCellStatus, SweepMetric } from '@/gql/graphql';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { SweepCellsQuery } from '../api/operations';
import { bestFirst, formatMetric, formatParamValue, METRICS } from '../metrics';

export const CELLS_PAGE = 50;

const STATUS_TONES: Record<SweepCellStatus, BadgeTone> = { QUEUED: 'neutral', RUNNING: 'info', COMPLETED: 'good', FAILED: 'bad', STOPPED: 'warn' };

export interface CellActions {
  onOpen: (sessionId: string) => void;
  onLiveTest: (cell: SweepCellRowFragment) => void;
}

/** The next order after clicking a metric's header: best first, then the other way. */
export function nextSort(current: SweepCellSort | undefined, metric: SweepMetric): SweepCellSort {
  if (current?.metric === metric) return { metric, direction: (current.direction ?? 'DESC') === 'DESC' ? 'ASC' : 'DESC' };
  return { metric, direction: bestFirst(metric) };
}

function param(cell: SweepCellRowFragment, name: string): string {
  const params = cell.params && typeof cell.params === 'object' ? (cell.params as Record<string, unknown>) : {};
  return name in params ? formatParamValue(params[name]) : '—';
}

/** A label for the cell in buttons: `#5 (threshold 0.5, position_size 100)`. */
export function cellName(cell: SweepCellRowFragment, parameters: readonly string[]): string {
  return `#${cell.index + 1} (${parameters.map((p) => `${p} ${param(cell, p)}`).join(', ')})`;
}

export function CellActionButtons({ cell, parameters, actions }: { cell: SweepCellRowFragment; parameters: readonly string[]; actions: CellActions }) {
  const name = cellName(cell, parameters);
  return (
    <>
      {cell.sessionId && (
        <button type="button" className="button button--small" onClick={() => actions.onOpen(cell.sessionId!)} aria-label={`Open cell ${name}`}>
          Open
        </button>
      )}
      <button type="button" className="button button--small" onClick={() => actions.onLiveTest(cell)} aria-label={`Clone cell ${name} to a live test`}>
        Clone to live test
      </button>
    </>
  );
}

function columns(parameters: readonly string[], sort: SweepCellSort | undefined, onSort: (metric: SweepMetric) => void, actions: CellActions): Column<SweepCellRowFragment>[] {
  return [
    { id: 'index', header: '#', numeric: true, rowHeader: true, cell: (c) => `#${c.index + 1}` },
    ...parameters.map((p): Column<SweepCellRowFragment> => ({ id: `param-${p}`, header: p, numeric: true, cell: (c) => param(c, p) })),
    { id: 'status', header: 'Status', cell: (c) => <Badge tone={STATUS_TONES[c.status]}>{c.status.toLowerCase()}</Badge> },
    ...METRICS.map((m): Column<SweepCellRowFragment> => {
      const sorted = sort?.metric === m.metric ? ((sort.direction ?? 'DESC') === 'DESC' ? 'descending' : 'ascending') : undefined;
      return {
        id: m.metric,
        numeric: true,
        sort: sorted,
        header: (
          <button type="button" className="sort-button" onClick={() => onSort(m.metric)} title={`Sort by ${m.label.toLowerCase()}`}>
            {m.label}
            <span aria-hidden="true" className="sort-button__arrow">
              {sorted === 'descending' ? ' ▼' : sorted === 'ascending' ? ' ▲' : ''}
            </span>
          </button>
        ),
        cell: (c) => {
          const value = m.of(c);
          return m.metric === 'TOTAL_PNL' && value !== null ? <Pnl value={value} /> : formatMetric(m.metric, value);
        },
      };
    }),
    { id: 'actions', header: 'Actions', hideHeader: true, className: 'row-actions', cell: (c) => <CellActionButtons cell={c} parameters={parameters} actions={actions} /> },
  ];
}

/**
 * The sweep's cells, 50 a page by cursor, in grid order until a metric's header is clicked:
 * then best first (the highest, or the lowest drawdown), and the other way on a second click.
 * Cells without the metric yet come last (the server's order).
 */
export function SweepCellsTable({ sweepId, parameters, actions }: { sweepId: string; parameters: readonly string[]; actions: CellActions }) {
  const [sort, setSort] = useState<SweepCellSort | undefined>(undefined);
  // the cursor each page starts after: [undefined] on the first page
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length - 1;
  const cells = useQuery({
    ...graphqlQuery(SweepCellsQuery, { id: sweepId, sort: sort ?? null, first: CELLS_PAGE, after: cursors[page] ?? null }, queryKeys.sweep(sweepId)),
    placeholderData: keepPreviousData,
  });
  const connection = cells.data?.sweep?.cells;
  const rows = connection?.edges.map((e) => e.node) ?? [];
  const onSort = (metric: SweepMetric) => {
    setSort((current) => nextSort(current, metric));
    setCursors([undefined]);
  };
  const onPage = (next: number) => {
    if (next < page) setCursors((c) => c.slice(0, next + 1));
    else if (connection?.pageInfo.endCursor) setCursors((c) => [...c, connection.pageInfo.endCursor ?? undefined]);
  };
  const first = rows.length === 0 ? 0 : page * CELLS_PAGE + 1;

  return (
    <section className="sweep-section" aria-labelledby={`${sweepId}-cells`}>
      <h2 className="form-section" id={`${sweepId}-cells`}>
        Cells
      </h2>
      {cells.error && (
        <Notice kind="error" title="Could not load the cells">
          <p className="notice__detail">{cells.error.message}</p>
        </Notice>
      )}
      <Table
        label="Cells"
        className="cells-table"
        columns={columns(parameters, sort, onSort, actions)}
        rows={rows}
        rowKey={(c) => c.index}
        busy={cells.isFetching}
        empty={cells.isPending ? 'Loading…' : 'No cells to show.'}
      />
      <Pager
        label="Cell pages"
        first={first}
        last={page * CELLS_PAGE + rows.length}
        total={connection?.totalCount ?? 0}
        page={page}
        hasNext={connection?.pageInfo.hasNextPage ?? false}
        onPage={onPage}
      >
        <span className="muted tabular">
          {page + 1} / {Math.max(1, Math.ceil((connection?.totalCount ?? 0) / CELLS_PAGE))}
        </span>
      </Pager>
    </section>
  );
}
