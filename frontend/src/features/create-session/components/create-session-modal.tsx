import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CreateSessionOptionsQuery as OptionsData, SessionType } from '@/gql/graphql';
import { GraphQLRequestError, request } from '@/lib/graphql-client';
import { useDialogFocus } from '@/lib/use-dialog-focus';
import { useQuery } from '@/lib/use-query';
import {
  CloneSessionMutation,
  CreateSessionMutation,
  CreateSessionOptionsQuery,
  SessionConfigQuery,
  StartCreatedSessionMutation,
  UpdateSessionConfigMutation,
} from '../api/operations';
import { fieldsFromSchema, initialValues, toParams, validateAll, validateField } from '../param-schema';
import { ParamForm } from './param-form';

export type SessionFormMode = { kind: 'create'; type?: SessionType; market?: string } | { kind: 'edit'; id: string } | { kind: 'clone'; id: string };

type Strategy = OptionsData['strategies'][number];
type Market = OptionsData['markets'][number];

const TYPE_CARDS: { type: SessionType; title: string; hint: string }[] = [
  { type: 'TEST', title: 'Live Test', hint: 'Paper-trade the live market' },
  { type: 'BACKTEST', title: 'Backtest', hint: 'Replay a past date range' },
  { type: 'SCRAPER', title: 'Scraper', hint: 'Record market candles' },
];

/** The strategy a new session starts with: one that runs on `market`, else the one that runs on the most markets. */
export function defaultStrategy(strategies: readonly Strategy[], markets: readonly Market[], market: string): Strategy | undefined {
  const onMarket = strategies.find((s) => market !== '' && marketsFor(s, markets).some((m) => m.symbol === market));
  if (onMarket) return onMarket;
  return strategies.reduce<Strategy | undefined>(
    (best, s) => (best === undefined || marketsFor(s, markets).length > marketsFor(best, markets).length ? s : best),
    undefined,
  );
}

/** Markets a strategy can run on: `*` means any single market. */
export function marketsFor(strategy: Strategy | undefined, markets: readonly Market[]): Market[] {
  if (!strategy) return [...markets];
  return markets.filter((m) => strategy.supportedMarkets.includes(m.symbol) || (strategy.supportedMarkets.includes('*') && m.kind === 'SINGLE'));
}

function isoDate(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

function toInstant(date: string): string {
  return `${date}T00:00:00Z`;
}

/**
 * The Create New Session modal (also Edit of a created session and Clone of any session):
 * type cards, market and strategy from the API, parameters generated from the strategy's
 * schema, a date range for backtests, an optional name.
 */
export function CreateSessionModal({
  mode,
  onClose,
  onDone,
}: {
  mode: SessionFormMode;
  onClose: () => void;
  onDone: (session: { id: string; name: string }, started: boolean) => void;
}) {
  const titleId = useId();
  const options = useQuery(CreateSessionOptionsQuery, {});
  const existingId = mode.kind === 'create' ? '' : mode.id;
  const existing = useQuery(SessionConfigQuery, { id: existingId }, { enabled: existingId !== '' });

  const [type, setType] = useState<SessionType>(mode.kind === 'create' ? (mode.type ?? 'TEST') : 'TEST');
  const [strategyId, setStrategyId] = useState('');
  const [market, setMarket] = useState(mode.kind === 'create' ? (mode.market ?? '') : '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [rangeStart, setRangeStart] = useState(() => isoDate(Date.now() - 7 * 86_400_000));
  const [rangeEnd, setRangeEnd] = useState(() => isoDate(Date.now()));
  const [name, setName] = useState('');
  const [submitting, setSubmitting] = useState<'create' | 'start' | undefined>(undefined);
  const [apiError, setApiError] = useState<string | undefined>(undefined);
  const [apiFields, setApiFields] = useState<Record<string, string>>({});
  const [submitted, setSubmitted] = useState(false);
  const loadedExisting = useRef(false);
  const dialog = useRef<HTMLDivElement>(null);

  // focus moves into the dialog and stays there (Tab cycles), Escape closes, focus returns to the opener
  useDialogFocus(dialog, onClose);

  const strategies = options.data?.strategies ?? [];
  const markets = options.data?.markets ?? [];
  const typeStrategies = strategies.filter((s) => s.supportedTypes.includes(type));
  const strategy = strategies.find((s) => s.id === strategyId);
  const strategyMarkets = marketsFor(strategy, markets);
  const fields = useMemo(() => fieldsFromSchema(strategy?.paramSchema), [strategy]);

  // prefill from the session being edited or cloned
  const session = existing.data?.session;
  useEffect(() => {
    if (!session || !options.data || loadedExisting.current) return;
    loadedExisting.current = true;
    const s = options.data.strategies.find((st) => st.id === session.strategyId);
    setType(session.type);
    setStrategyId(session.strategyId);
    setMarket(session.market);
    setValues(initialValues(fieldsFromSchema(s?.paramSchema), s?.defaultParams, session.strategyParams));
    if (session.rangeStart) setRangeStart(session.rangeStart.slice(0, 10));
    if (session.rangeEnd) setRangeEnd(session.rangeEnd.slice(0, 10));
    setName(mode.kind === 'edit' ? session.name : `Clone of ${session.name}`);
  }, [session, options.data, mode.kind]);

  // a new session: a strategy of the type that runs on the market already chosen, else the one
  // that runs on the most markets (TestBot before the pair strategy), and a market it supports
  useEffect(() => {
    if (mode.kind !== 'create' || !options.data) return;
    if (!typeStrategies.some((s) => s.id === strategyId)) {
      const first = defaultStrategy(typeStrategies, markets, market);
      setStrategyId(first?.id ?? '');
      const allowed = marketsFor(first, markets);
      setValues(initialValues(fieldsFromSchema(first?.paramSchema), first?.defaultParams));
      setMarket((current) => (allowed.some((m) => m.symbol === current) ? current : (allowed[0]?.symbol ?? '')));
    }
  }, [mode.kind, options.data, typeStrategies, strategyId, markets, market]);

  const chooseStrategy = (id: string) => {
    const next = strategies.find((s) => s.id === id);
    setStrategyId(id);
    setValues(initialValues(fieldsFromSchema(next?.paramSchema), next?.defaultParams));
    setTouched({});
    const allowed = marketsFor(next, markets);
    if (!allowed.some((m) => m.symbol === market)) setMarket(allowed[0]?.symbol ?? '');
  };

  const paramErrors = validateAll(fields, values);
  const rangeError =
    type !== 'BACKTEST'
      ? undefined
      : !rangeStart || !rangeEnd
        ? 'Choose both dates'
        : rangeEnd <= rangeStart
          ? 'The end must be after the start'
          : rangeEnd > isoDate(Date.now())
            ? 'The end cannot be in the future'
            : undefined;
  const nameError = name.length > 255 ? 'At most 255 characters' : undefined;
  const formValid = Object.keys(paramErrors).length === 0 && !rangeError && !nameError && strategyId !== '' && market !== '';

  const shownParamErrors: Record<string, string | undefined> = {};
  for (const field of fields) {
    const local = touched[field.name] || submitted ? validateField(field, values[field.name] ?? '') : undefined;
    shownParamErrors[field.name] = local ?? apiFields[`strategyParams.${field.name}`];
  }

  const submit = async (start: boolean) => {
    setSubmitted(true);
    setApiError(undefined);
    setApiFields({});
    if (!formValid) return;
    setSubmitting(start ? 'start' : 'create');
    const strategyParams = toParams(fields, values);
    const range = type === 'BACKTEST' ? { rangeStart: toInstant(rangeStart), rangeEnd: toInstant(rangeEnd) } : {};
    try {
      let result: { id: string; name: string };
      if (mode.kind === 'edit') {
        result = (await request(UpdateSessionConfigMutation, { id: mode.id, input: { name: name.trim() || undefined, market, strategyParams, ...range } })).updateSession;
      } else if (mode.kind === 'clone') {
        result = (await request(CloneSessionMutation, { id: mode.id, input: { name: name.trim() || undefined, market, strategyParams, ...range } })).cloneSession;
      } else {
        result = (await request(CreateSessionMutation, { input: { type, market, strategy: strategyId, strategyParams, name: name.trim() || undefined, ...range } })).createSession;
      }
      if (start) await request(StartCreatedSessionMutation, { id: result.id });
      onDone(result, start);
    } catch (cause) {
      if (cause instanceof GraphQLRequestError) {
        setApiFields(cause.fieldErrors);
        setApiError(cause.message);
      } else setApiError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setSubmitting(undefined);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(false);
  };

  const title = mode.kind === 'edit' ? 'Edit Session' : mode.kind === 'clone' ? 'Clone Session' : 'Create New Session';
  const loadError = options.error ?? existing.error;
  const busy = submitting !== undefined;

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialog} tabIndex={-1}>
        <header className="modal__header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="button button--ghost" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {loadError ? (
          <p className="form-error" role="alert">
            Could not load the options: {loadError.message}
          </p>
        ) : !options.data || (existingId && !session) ? (
          <p className="muted">Loading…</p>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <fieldset className="type-cards" disabled={mode.kind !== 'create'}>
              <legend>Session Type</legend>
              {TYPE_CARDS.map((card) => (
                <label key={card.type} className={`type-card${type === card.type ? ' type-card--selected' : ''}`}>
                  <input type="radio" name="session-type" value={card.type} checked={type === card.type} onChange={() => setType(card.type)} />
                  <span className="type-card__title">{card.title}</span>
                  <span className="type-card__hint">{card.hint}</span>
                </label>
              ))}
            </fieldset>

            <div className="form-grid">
              <div className="field">
                <label htmlFor={`${titleId}-market`}>Market</label>
                <select id={`${titleId}-market`} value={market} onChange={(e) => setMarket(e.target.value)} aria-invalid={apiFields.market ? true : undefined}>
                  {strategyMarkets.map((m) => (
                    <option key={m.symbol} value={m.symbol}>
                      {m.symbol} — {m.label}
                    </option>
                  ))}
                </select>
                {apiFields.market && <small className="field__error">{apiFields.market}</small>}
              </div>
              <div className="field">
                <label htmlFor={`${titleId}-strategy`}>Strategy</label>
                <select
                  id={`${titleId}-strategy`}
                  value={strategyId}
                  disabled={mode.kind !== 'create'}
                  onChange={(e) => chooseStrategy(e.target.value)}
                  aria-invalid={apiFields.strategy ? true : undefined}
                >
                  {typeStrategies.length === 0 && <option value="">No strategy supports this type</option>}
                  {(mode.kind === 'create' ? typeStrategies : strategies).map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
                {strategy?.description && <small className="field__hint">{strategy.description}</small>}
                {apiFields.strategy && <small className="field__error">{apiFields.strategy}</small>}
              </div>
            </div>

            <h3 className="form-section">Strategy Parameters</h3>
            <ParamForm
              fields={fields}
              values={values}
              errors={shownParamErrors}
              onChange={(field, text) => {
                setValues((v) => ({ ...v, [field]: text }));
                setApiFields(({ [`strategyParams.${field}`]: _drop, ...rest }) => rest);
              }}
              onBlur={(field) => setTouched((t) => ({ ...t, [field]: true }))}
            />
            {apiFields.strategyParams && <p className="field__error">{apiFields.strategyParams}</p>}

            {type === 'BACKTEST' && (
              <>
                <h3 className="form-section">Date Range</h3>
                <div className="form-grid">
                  <div className="field">
                    <label htmlFor={`${titleId}-start`}>Start Date</label>
                    <input id={`${titleId}-start`} type="date" value={rangeStart} max={rangeEnd} onChange={(e) => setRangeStart(e.target.value)} />
                    {apiFields.rangeStart && <small className="field__error">{apiFields.rangeStart}</small>}
                  </div>
                  <div className="field">
                    <label htmlFor={`${titleId}-end`}>End Date</label>
                    <input id={`${titleId}-end`} type="date" value={rangeEnd} min={rangeStart} max={isoDate(Date.now())} onChange={(e) => setRangeEnd(e.target.value)} />
                    {apiFields.rangeEnd && <small className="field__error">{apiFields.rangeEnd}</small>}
                  </div>
                </div>
                {rangeError && (
                  <p className="field__error" role="alert">
                    {rangeError}
                  </p>
                )}
              </>
            )}

            <div className="field field--wide">
              <label htmlFor={`${titleId}-name`}>Session Name (optional)</label>
              <input id={`${titleId}-name`} type="text" value={name} placeholder="Generated when empty, e.g. BTC Test #3" onChange={(e) => setName(e.target.value)} />
              {(nameError ?? apiFields.name) && <small className="field__error">{nameError ?? apiFields.name}</small>}
            </div>

            {apiError && (
              <p className="form-error" role="alert">
                {apiError}
              </p>
            )}

            <footer className="modal__footer">
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
              <button type="submit" className="button" disabled={busy}>
                {submitting === 'create' ? 'Saving…' : mode.kind === 'edit' ? 'Save' : 'Create'}
              </button>
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void submit(true)}>
                {submitting === 'start' ? 'Starting…' : mode.kind === 'edit' ? 'Save & Start' : 'Create & Start'}
              </button>
            </footer>
          </form>
        )}
      </div>
    </div>
  );
}
