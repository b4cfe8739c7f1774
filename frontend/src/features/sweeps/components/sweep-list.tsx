import { keepPreviousData, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { Notice } from '@/components/ui/notice';
import { Pager } from '@/components/ui/pager';
import { Table, type Column } from '@/components/ui/table';
import type { SweepListQuery as SweepListData, SweepSummaryFragment } from '@/gql/graphql';
import { formatRelativeTime, formatTimestamp, formatUtc, parseInstant } from '@/lib/format';
import { followLink } from '@/lib/history';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { useNow } from '@/lib/use-now';
import { useSubscription } from '@/lib/use-subscription';
import { SweepListQuery, SweepUpdatedSubscription } from '../api/operations';
import { CellsDone, SweepStatusBadge } from './sweep-status';

export const SWEEPS_PAGE = 50;

function created(sweep: SweepSummaryFragment, now: number) {
  const at = parseInstant(sweep.createdAt);
  return at === undefined ? '—' : <span title={formatTimestamp(at / 1000)}>{formatRelativeTime(at / 1000, now)}</span>;
}

function columns(now: number): Column<SweepSummaryFragment>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      rowHeader: true,
      className: 'sessions-table__name',
      cell: (s) => (
        <a href={`/sweeping/${encodeURIComponent(s.id)}`} onClick={followLink}>
          {s.name}
        </a>
      ),
    },
    { id: 'strategy', header: 'Strategy', cell: (s) => s.strategy?.name ?? s.strategyId },
    { id: 'market', header: 'Market', cell: (s) => s.market },
    { id: 'range', header: 'Range', className: 'tabular', cell: (s) => `${formatUtc(s.rangeStart, 'date')} → ${formatUtc(s.rangeEnd, 'date')}` },
    { id: 'status', header: 'Status', cell: (s) => <SweepStatusBadge status={s.status} error={s.error} /> },
    { id: 'done', header: 'Done / total', cell: (s) => <CellsDone done={s.cellsDone} total={s.cellCount} failed={s.cellsFailed} label={`Cells done of ${s.name}`} /> },
    { id: 'created', header: 'Created', numeric: true, cell: (s) => created(s, now) },
  ];
}

/** Keeps a running sweep's row of the list live (`sweepUpdated`) while it is on screen; draws nothing. */
function LiveRow({ id, queryKey }: { id: string; queryKey: QueryKey }) {
  const queryClient = useQueryClient();
  useSubscription(SweepUpdatedSubscription, { id }, ({ sweepUpdated }) =>
    queryClient.setQueryData<SweepListData>(queryKey, (previous) =>
      previous ? { sweeps: previous.sweeps.map((s) => (s.id === sweepUpdated.id ? { ...s, ...sweepUpdated } : s)) } : previous,
    ),
  );
  return null;
}

/** The Sweeps tab: every sweep, newest first, 50 a page, running ones live; a name opens the sweep. */
export function SweepList({ onCreate }: { onCreate: () => void }) {
  const [page, setPage] = useState(0);
  const options = graphqlQuery(SweepListQuery, { limit: SWEEPS_PAGE + 1, offset: page * SWEEPS_PAGE }, queryKeys.sweepLists);
  const list = useQuery({ ...options, placeholderData: keepPreviousData });
  const now = useNow(10_000);
  // one more than a page is asked for: it tells whether a next page exists
  const fetched = list.data?.sweeps ?? [];
  const rows = fetched.slice(0, SWEEPS_PAGE);
  const hasNext = fetched.length > SWEEPS_PAGE;
  const first = rows.length === 0 ? 0 : page * SWEEPS_PAGE + 1;
  const last = page * SWEEPS_PAGE + rows.length;

  return (
    <section aria-labelledby="sweeps-title">
      <div className="panel__header">
        <h1 id="sweeps-title">Sweeps</h1>
        <button type="button" className="button button--primary" onClick={onCreate}>
          + Create Sweep
        </button>
      </div>
      <p className="muted">A sweep runs one backtest for every combination of up to three parameters' values, and compares them on one page.</p>
      {list.error && (
        <Notice kind="error" title="Could not load the sweeps">
          <p className="notice__detail">{list.error.message}</p>
        </Notice>
      )}
      <Table
        label="Sweeps"
        columns={columns(now)}
        rows={rows}
        rowKey={(s) => s.id}
        busy={list.isFetching}
        empty={list.isPending ? 'Loading…' : list.error ? 'No sweeps to show.' : 'No sweep yet: create one to compare parameter values side by side.'}
      />
      {rows
        .filter((s) => s.status === 'RUNNING')
        .map((s) => (
          <LiveRow key={s.id} id={s.id} queryKey={options.queryKey} />
        ))}
      {(page > 0 || hasNext) && (
        <Pager label="Sweep pages" first={first} last={last} total={last + (hasNext ? 1 : 0)} lowerBound={hasNext} page={page} hasNext={hasNext} onPage={setPage}>
          <span className="muted tabular">Page {page + 1}</span>
        </Pager>
      )}
    </section>
  );
}
