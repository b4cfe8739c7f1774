import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Notice } from '@/components/ui/notice';
import { Table, type Column } from '@/components/ui/table';
import type {
  AlertChannelItemFragment,
  AlertChannelType,
  AlertKind,
  AlertRuleItemFragment,
  CreateAlertChannelInput,
  CreateAlertRuleInput,
  SessionType,
} from '@/gql/graphql';
import { request } from '@/lib/graphql-client';
import { graphqlQuery } from '@/lib/query';
import {
  AlertSettingsQuery,
  CreateAlertChannelMutation,
  CreateAlertRuleMutation,
  DeleteAlertChannelMutation,
  DeleteAlertRuleMutation,
  TestAlertChannelMutation,
  UpdateAlertRuleMutation,
} from '../api/operations';

const SETTINGS_SCOPE = ['alert-settings'] as const;

const KINDS: { value: AlertKind; label: string; unit?: string }[] = [
  { value: 'STALE', label: 'Stale (no heartbeat)', unit: 'seconds' },
  { value: 'FAILED', label: 'Failed' },
  { value: 'DRAWDOWN', label: 'Drawdown', unit: '% of peak equity' },
  { value: 'LOSS', label: 'Loss', unit: 'USD' },
  { value: 'NO_TRADE', label: 'No trade', unit: 'seconds' },
  { value: 'ERROR_RATE', label: 'Error lines', unit: 'per minute' },
  { value: 'SESSION_FINISHED', label: 'Backtest finished' },
];

const CHANNEL_TYPES: { value: AlertChannelType; label: string }[] = [
  { value: 'WEBHOOK', label: 'Webhook' },
  { value: 'SLACK', label: 'Slack' },
  { value: 'DISCORD', label: 'Discord' },
  { value: 'TELEGRAM', label: 'Telegram' },
  { value: 'NTFY', label: 'ntfy' },
];

function message(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function scopeText(r: AlertRuleItemFragment): string {
  const parts = [
    r.scope.type && `type ${r.scope.type.toLowerCase()}`,
    r.scope.market && `market ${r.scope.market}`,
    r.scope.strategy && `strategy ${r.scope.strategy}`,
    r.scope.sessionId && `session ${r.scope.sessionId.slice(0, 8)}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'all sessions';
}

/** Rules and channels: add, switch off, delete, and [Send test] per channel. */
export function AlertSettings() {
  const queryClient = useQueryClient();
  const settings = useQuery(graphqlQuery(AlertSettingsQuery, {}, SETTINGS_SCOPE));
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const refresh = () => queryClient.invalidateQueries({ queryKey: SETTINGS_SCOPE });

  /** Runs a change and reloads the settings; true when it succeeded (forms then clear). */
  const act = async (what: string, run: () => Promise<unknown>): Promise<boolean> => {
    setError(undefined);
    setStatus(undefined);
    try {
      await run();
      await refresh();
      return true;
    } catch (cause) {
      setError(`${what} failed: ${message(cause)}`);
      return false;
    }
  };

  const sendTest = (c: AlertChannelItemFragment) =>
    act('Send test', async () => {
      const { testAlertChannel: r } = await request(TestAlertChannelMutation, { id: c.id });
      setStatus(r.delivered ? `${c.name}: test message delivered (HTTP ${r.status ?? ''}).` : `${c.name}: not delivered — ${r.error ?? 'no answer'}`);
    });

  const rules = settings.data?.alertRules ?? [];
  const channels = settings.data?.alertChannels ?? [];

  const ruleColumns: Column<AlertRuleItemFragment>[] = [
    { id: 'name', header: 'Rule', rowHeader: true, cell: (r) => r.name },
    { id: 'kind', header: 'Kind', cell: (r) => KINDS.find((k) => k.value === r.kind)?.label ?? r.kind },
    { id: 'threshold', header: 'Threshold', numeric: true, cell: (r) => (r.threshold ? `${r.threshold} ${r.unit ?? ''}` : '—') },
    { id: 'scope', header: 'Scope', cell: scopeText },
    { id: 'channels', header: 'Channels', cell: (r) => (r.channels.length > 0 ? r.channels.map((c) => c.name).join(', ') : 'dashboard only') },
    { id: 'enabled', header: 'On', cell: (r) => (r.enabled ? 'on' : 'off') },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      cell: (r) => (
        <span className="row-actions">
          <button type="button" className="button" onClick={() => void act('Change', () => request(UpdateAlertRuleMutation, { id: r.id, input: { enabled: !r.enabled } }))}>
            {r.enabled ? 'Switch off' : 'Switch on'}
          </button>
          <button type="button" className="button" aria-label={`Delete rule ${r.name}`} onClick={() => void act('Delete', () => request(DeleteAlertRuleMutation, { id: r.id }))}>
            Delete
          </button>
        </span>
      ),
    },
  ];

  const channelColumns: Column<AlertChannelItemFragment>[] = [
    { id: 'name', header: 'Channel', rowHeader: true, cell: (c) => c.name },
    { id: 'type', header: 'Type', cell: (c) => CHANNEL_TYPES.find((t) => t.value === c.type)?.label ?? c.type },
    { id: 'target', header: 'Destination', cell: (c) => (c.type === 'TELEGRAM' ? `chat ${c.chatId ?? ''} · token ${c.botToken ?? ''}` : c.url) },
    { id: 'secret', header: 'Signed', cell: (c) => (c.hasSecret ? `yes (${c.secret ?? ''})` : '—') },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      cell: (c) => (
        <span className="row-actions">
          <button type="button" className="button" aria-label={`Send test to ${c.name}`} onClick={() => void sendTest(c)}>
            Send test
          </button>
          <button type="button" className="button" aria-label={`Delete channel ${c.name}`} onClick={() => void act('Delete', () => request(DeleteAlertChannelMutation, { id: c.id }))}>
            Delete
          </button>
        </span>
      ),
    },
  ];

  if (settings.error) {
    return (
      <Notice kind="error" title="Alert settings could not be loaded">
        {settings.error.message}
      </Notice>
    );
  }

  return (
    <section aria-label="Alert settings" className="alert-settings">
      {status && (
        <p className="flash" role="status">
          {status}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <h2>Rules</h2>
      <Table label="Alert rules" columns={ruleColumns} rows={rules} rowKey={(r) => r.id} busy={settings.isFetching} empty="No rules." />
      <RuleForm channels={channels} onSubmit={(input) => act('Add rule', () => request(CreateAlertRuleMutation, { input }))} />
      <h2>Channels</h2>
      <Table label="Alert channels" columns={channelColumns} rows={channels} rowKey={(c) => c.id} busy={settings.isFetching} empty="No channels yet." />
      <ChannelForm onSubmit={(input) => act('Add channel', () => request(CreateAlertChannelMutation, { input }))} />
    </section>
  );
}

function RuleForm({ channels, onSubmit }: { channels: readonly AlertChannelItemFragment[]; onSubmit: (input: CreateAlertRuleInput) => Promise<boolean> }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AlertKind>('STALE');
  const [threshold, setThreshold] = useState('30');
  const [type, setType] = useState<SessionType | ''>('TEST');
  const [market, setMarket] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const unit = KINDS.find((k) => k.value === kind)?.unit;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input: CreateAlertRuleInput = {
      name,
      kind,
      threshold: unit ? threshold : null,
      scope: { type: type || null, market: market || null },
      channels: picked,
    };
    void onSubmit(input).then((done) => {
      if (done) {
        setName('');
        setPicked([]);
      }
    });
  };

  return (
    <form className="inline-form" aria-label="Add rule" onSubmit={submit}>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </label>
      <label>
        Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as AlertKind)}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {unit && (
        <label>
          Threshold ({unit}) <input value={threshold} onChange={(e) => setThreshold(e.target.value)} inputMode="decimal" required />
        </label>
      )}
      <label>
        Session type
        <select value={type} onChange={(e) => setType(e.target.value as SessionType | '')}>
          <option value="">any</option>
          <option value="TEST">live (test)</option>
          <option value="BACKTEST">backtest</option>
          <option value="SCRAPER">scraper</option>
        </select>
      </label>
      <label>
        Market <input value={market} onChange={(e) => setMarket(e.target.value)} placeholder="any" maxLength={20} />
      </label>
      <fieldset>
        <legend>Channels</legend>
        {channels.length === 0 && <span className="muted">none yet (dashboard only)</span>}
        {channels.map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              checked={picked.includes(c.id)}
              onChange={(e) => setPicked((p) => (e.target.checked ? [...p, c.id] : p.filter((id) => id !== c.id)))}
            />{' '}
            {c.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button button--primary">
        Add rule
      </button>
    </form>
  );
}

function ChannelForm({ onSubmit }: { onSubmit: (input: CreateAlertChannelInput) => Promise<boolean> }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<AlertChannelType>('WEBHOOK');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [botToken, setBotToken] = useState('');
  const [chatId, setChatId] = useState('');
  const [apiUrl, setApiUrl] = useState('');
  const telegram = type === 'TELEGRAM';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input: CreateAlertChannelInput = telegram
      ? { name, type, botToken, chatId, apiUrl: apiUrl || null }
      : { name, type, url, secret: type === 'WEBHOOK' && secret ? secret : null };
    void onSubmit(input).then((done) => {
      if (done) {
        // a secret typed here is not kept on screen once stored
        setName('');
        setUrl('');
        setSecret('');
        setBotToken('');
        setChatId('');
        setApiUrl('');
      }
    });
  };

  return (
    <form className="inline-form" aria-label="Add channel" onSubmit={submit}>
      <label>
        Channel name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </label>
      <label>
        Type
        <select value={type} onChange={(e) => setType(e.target.value as AlertChannelType)}>
          {CHANNEL_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      {telegram ? (
        <>
          <label>
            Bot token <input value={botToken} onChange={(e) => setBotToken(e.target.value)} required autoComplete="off" />
          </label>
          <label>
            Chat id <input value={chatId} onChange={(e) => setChatId(e.target.value)} required />
          </label>
          <label>
            API URL <input value={apiUrl} onChange={(e) => setApiUrl(e.target.value)} placeholder="https://api.telegram.org" />
          </label>
        </>
      ) : (
        <>
          <label>
            URL <input value={url} onChange={(e) => setUrl(e.target.value)} required type="url" />
          </label>
          {type === 'WEBHOOK' && (
            <label>
              Signing secret <input value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" placeholder="optional" />
            </label>
          )}
        </>
      )}
      <button type="submit" className="button button--primary">
        Add channel
      </button>
    </form>
  );
}
