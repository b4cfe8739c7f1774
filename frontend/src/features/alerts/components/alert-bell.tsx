import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '@/lib/graphql-client';
import { followLink } from '@/lib/history';
import { AcknowledgeAlertMutation } from '../api/operations';
import { ALERTS_SCOPE, useAlerts } from '../hooks/use-alerts';

/** The top bar's bell: how many alerts are open (unacknowledged), live; opens a list to acknowledge them. */
export function AlertBell() {
  const open = useAlerts('OPEN', 100);
  const queryClient = useQueryClient();
  const [expanded, setExpanded] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const alerts = open.data?.alerts ?? [];
  const count = alerts.length;

  const acknowledge = async (id: string) => {
    setError(undefined);
    try {
      await request(AcknowledgeAlertMutation, { id });
      await queryClient.invalidateQueries({ queryKey: ALERTS_SCOPE });
    } catch (cause) {
      setError(`Acknowledge failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };

  return (
    <div className="alert-bell">
      <button
        type="button"
        className={`button alert-bell__button${count > 0 ? ' alert-bell__button--active' : ''}`}
        aria-label={`Alerts: ${count >= 100 ? '100+' : count} open`}
        aria-expanded={expanded}
        onClick={() => setExpanded((e) => !e)}
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {count > 0 && (
          <span className="alert-bell__count" aria-hidden="true">
            {count >= 100 ? '99+' : count}
          </span>
        )}
      </button>
      {expanded && (
        <div className="alert-bell__panel" role="region" aria-label="Open alerts">
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {count === 0 ? (
            <p className="muted">No open alerts.</p>
          ) : (
            <ul className="alert-bell__list">
              {alerts.map((a) => (
                <li key={a.id} className="alert-bell__item">
                  <div>
                    <strong>{a.ruleName}</strong> · {a.sessionName} <span className="muted">({a.market})</span>
                    <div className="muted">{a.detail}</div>
                  </div>
                  <button type="button" className="button" onClick={() => void acknowledge(a.id)} aria-label={`Acknowledge ${a.ruleName} on ${a.sessionName}`}>
                    Acknowledge
                  </button>
                </li>
              ))}
            </ul>
          )}
          <a href="/alerting" onClick={(e) => { setExpanded(false); followLink(e); }}>
            Alert history and settings
          </a>
        </div>
      )}
    </div>
  );
}
