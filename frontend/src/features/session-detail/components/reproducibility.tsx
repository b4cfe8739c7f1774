import { useState } from 'react';
import { Notice } from '@/components/ui/notice';
import { Table } from '@/components/ui/table';
import type { SessionReproducibilityFragment, SessionStatus } from '@/gql/graphql';
import { formatInteger, formatUtc } from '@/lib/format';

type Fingerprint = NonNullable<SessionReproducibilityFragment['fingerprint']>;
type Verification = NonNullable<SessionReproducibilityFragment['verification']>;

/** A hash shortened to its first 12 characters; the full value is the title and what [Copy] copies. */
export function shortHash(value: string): string {
  return value.length > 14 ? `${value.slice(0, 12)}…` : value;
}

/** A long value shown short, with [Copy] for the full one (or, where the clipboard is closed, the full value selected to copy by hand). */
export function Hash({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('manual');
    }
  };
  return (
    <span className="hash">
      <code title={value}>{shortHash(value)}</code>{' '}
      <button type="button" className="button button--small" onClick={() => void copy()} aria-label={`Copy ${label}`}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state === 'manual' && <input className="hash__full" readOnly value={value} aria-label={`${label} (full)`} autoFocus onFocus={(e) => e.currentTarget.select()} />}
    </span>
  );
}

/** What a lean log keeps, and how to see every line. */
export function LeanLogNote() {
  return (
    <p className="muted lean-log-note" role="note">
      This session keeps a lean log: only trades, warnings and errors. [Re-run and verify] replays the backtest with every line.
    </p>
  );
}

/** The verdict of a verification run, at the top of its panel. */
export function VerificationVerdict({ verification, status }: { verification: Verification; status: SessionStatus }) {
  const of = verification.of?.name ?? verification.ofSessionId;
  if (verification.matched === true) {
    return (
      <p className="verdict verdict--good" role="status">
        ✓ Reproduced: this re-run of <strong>{of}</strong> made exactly the same trades (trades hash <Hash value={verification.expectedTradesHash} label="trades hash" />
        ).
      </p>
    );
  }
  if (verification.matched === false) {
    return (
      <Notice kind="error" title={`Not reproduced: the trades differ from ${of}'s`}>
        <p className="notice__detail">
          Expected trades hash <Hash value={verification.expectedTradesHash} label="expected trades hash" />, this run's{' '}
          {verification.tradesHash ? <Hash value={verification.tradesHash} label="this run's trades hash" /> : '—'}.
        </p>
      </Notice>
    );
  }
  return (
    <p className="verdict" role="status">
      {status === 'RUNNING' || status === 'CREATED' ? (
        <>
          Verifying <strong>{of}</strong>: its backtest runs again with every log line; whether the trades hash matched shows here when it completes.
        </>
      ) : (
        <>
          No verdict: this re-run of <strong>{of}</strong> did not complete.
        </>
      )}
    </p>
  );
}

/** The fingerprint of a completed backtest: what it ran on and what it produced. */
export function FingerprintView({ fingerprint }: { fingerprint: Fingerprint }) {
  return (
    <div className="fingerprint">
      <dl className="fingerprint__list">
        <dt>Engine</dt>
        <dd>
          <code>{fingerprint.engine}</code>
        </dd>
        <dt>Strategy</dt>
        <dd>{fingerprint.strategy}</dd>
        <dt>Strategy version</dt>
        <dd>
          <Hash value={fingerprint.strategyVersion} label="strategy version" />
        </dd>
        <dt>Parameters hash</dt>
        <dd>
          <Hash value={fingerprint.paramsHash} label="parameters hash" />
        </dd>
        <dt>Trades hash</dt>
        <dd>
          <Hash value={fingerprint.tradesHash} label="trades hash" />
        </dd>
      </dl>
      <h3 className="form-section">Data replayed</h3>
      <Table
        label="Data replayed"
        columns={[
          { id: 'market', header: 'Market', rowHeader: true, cell: (d: Fingerprint['data'][number]) => d.market },
          { id: 'source', header: 'Source', cell: (d) => d.source },
          { id: 'range', header: 'Range', className: 'tabular', cell: (d) => `${formatUtc(d.from)} → ${formatUtc(d.to)}` },
          { id: 'candles', header: 'Candles', numeric: true, cell: (d) => formatInteger(d.candles) },
          { id: 'checksum', header: 'Checksum', cell: (d) => <Hash value={d.checksum} label={`checksum of ${d.market}`} /> },
        ]}
        rows={fingerprint.data}
        rowKey={(d) => `${d.market}-${d.from}`}
        empty="No candles recorded."
      />
    </div>
  );
}

/** The Reproducibility tab: the fingerprint, or why there is none yet. */
export function ReproducibilityTab({ session }: { session: SessionReproducibilityFragment & { status: SessionStatus } }) {
  return (
    <div>
      {session.fingerprint ? (
        <>
          <p className="muted">
            Run it again on the same engine, strategy version, parameters and candles and the trades hash must be the same: [Re-run and verify] checks it.
          </p>
          <FingerprintView fingerprint={session.fingerprint} />
        </>
      ) : (
        <p className="muted">{session.status === 'COMPLETED' ? 'This backtest completed before fingerprints were kept: it has none.' : 'A backtest gets its fingerprint when it completes.'}</p>
      )}
      {session.leanLog && <LeanLogNote />}
    </div>
  );
}
