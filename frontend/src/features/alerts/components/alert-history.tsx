import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Notice } from '@/components/ui/notice';
import { Table, type Column } from '@/components/ui/table';
import type { AlertItemFragment, AlertState } from '@/gql/graphql';
import { request } from '@/lib/graphql-client';
import { formatUtc } from '@/lib/format';
import { AcknowledgeAlertMutation } from '../api/operations';
import { ALERTS_SCOPE, useAlerts } from '../hooks/use-alerts';

const STATES: { value: AlertState | undefined; label: string }[] = [
  { value: undefined, label: 'All' },
  { value: 'OPEN', label: 'Open' },
  { value: 'ACKNOWLEDGED', label: 'Acknowledged' },
  { value: 'RESOLVED', label: 'Resolved' },
];

function delivery(a: AlertItemFragment): string {
  if (a.notifications.length === 0) return '—';
  const failed = a.notifications.filter((n) => n.state === 'FAILED');
  if (failed.length > 0) return `failed: ${failed[0]?.lastError ?? ''}`;
  const pending = a.notifications.filter((n) => n.state === 'PENDING');
  if (pending.length > 0) return `${pending.length} pending`;
  return `${a.notifications.length} sent`;
}

/** Alert history, newest first, with a state filter; open alerts can be acknowledged here too. */
export function AlertHistory() {
  const [state, setState] = useState<AlertState | undefined>(undefined);
  const query = useAlerts(state, 200);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | undefined>(undefined);
  const rows: readonly AlertItemFragment[] = query.data?.alerts ?? [];

  const acknowledge = async (id: string) => {
    setError(undefined);
    try {
      await request(AcknowledgeAlertMutation, { id });
      await queryClient.invalidateQueries({ queryKey: ALERTS_SCOPE });
    } catch (cause) {
      setError(`Acknowledge failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };

  const columns: Column<AlertItemFragment>[] = [
    { id: 'started', header: 'Started (UTC)', cell: (a) => formatUtc(a.startedAt, 'second') },
    { id: 'rule', header: 'Rule', rowHeader: true, cell: (a) => a.ruleName },
    { id: 'kind', header: 'Kind', cell: (a) => a.kind.toLowerCase() },
    { id: 'session', header: 'Session', cell: (a) => `${a.sessionName} (${a.market})` },
    { id: 'detail', header: 'Detail', cell: (a) => a.detail },
    { id: 'state', header: 'State', cell: (a) => a.state.toLowerCase() },
    { id: 'resolved', header: 'Resolved (UTC)', cell: (a) => (a.resolvedAt ? formatUtc(a.resolvedAt, 'second') : '—') },
    { id: 'delivery', header: 'Delivery', cell: delivery },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      cell: (a) =>
        a.state === 'OPEN' ? (
          <button type="button" className="button" onClick={() => void acknowledge(a.id)} aria-label={`Acknowledge ${a.ruleName} on ${a.sessionName}`}>
            Acknowledge
          </button>
        ) : null,
    },
  ];

  return (
    <section aria-label="Alert history">
      <div className="toolbar" role="group" aria-label="Filter by state">
        {STATES.map((s) => (
          <button
            key={s.label}
            type="button"
            className={`button${state === s.value ? ' button--primary' : ''}`}
            aria-pressed={state === s.value}
            onClick={() => setState(s.value)}
          >
            {s.label}
          </button>
        ))}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {query.error ? (
        <Notice kind="error" title="Alerts could not be loaded">
          {query.error.message}
        </Notice>
      ) : (
        <Table label="Alerts" columns={columns} rows={rows} rowKey={(a) => a.id} busy={query.isFetching} empty="No alerts." />
      )}
    </section>
  );
}
