import { useQueryClient } from '@tanstack/react-query';
import { useReducer, useState, type FormEvent } from 'react';
import type { CreateSessionOptionsQuery as OptionsData, SessionType } from '@/gql/graphql';
import { GraphQLRequestError, request } from '@/lib/graphql-client';
import { queryKeys } from '@/lib/query';
import { useNow } from '@/lib/use-now';
import { CloneSessionMutation, CreateSessionMutation, StartCreatedSessionMutation, UpdateSessionConfigMutation } from '../api/operations';
import { toParams, validateField } from '../param-schema';
import {
  checkSessionForm,
  existingSessionForm,
  isoDate,
  marketsFor,
  newSessionForm,
  presetSessionForm,
  sessionFormReducer,
  type ExistingSession,
  type SessionPreset,
  type SessionFormState,
} from '../session-form';
import { ParamForm } from './param-form';

export type SessionFormDone = (session: { id: string; name: string }, started: boolean) => void;

/** What a mode sends: the form's typed content. */
interface SessionFormContent {
  type: SessionType;
  strategy: string;
  market: string;
  strategyParams: Record<string, unknown>;
  name: string | undefined;
  range: { rangeStart: string; rangeEnd: string } | Record<string, never>;
  /** Backtests of the create form: a lean log was asked for. */
  leanLog: boolean;
}

type Save = (content: SessionFormContent) => Promise<{ id: string; name: string }>;

interface ModeProps {
  idPrefix: string;
  options: OptionsData;
  onClose: () => void;
  onDone: SessionFormDone;
}

/** + New Session: every field open; sends createSession. */
export function CreateSessionForm({ type, market, preset, ...props }: ModeProps & { type: SessionType | undefined; market: string | undefined; preset?: SessionPreset | undefined }) {
  const [initial] = useState(() =>
    preset ? presetSessionForm(props.options, type ?? 'TEST', market ?? '', preset, Date.now()) : newSessionForm(props.options, type ?? 'TEST', market ?? '', Date.now()),
  );
  const save: Save = async ({ type: t, market: m, strategy, strategyParams, name, range, leanLog }) =>
    (await request(CreateSessionMutation, { input: { type: t, market: m, strategy, strategyParams, name, ...range, ...(t === 'BACKTEST' && leanLog ? { leanLog: true } : {}) } })).createSession;
  return <SessionForm {...props} initial={initial} fixedStrategy={false} leanLogOption submitLabel="Create" startLabel="Create & Start" save={save} />;
}

/** Edit of a created session: type and strategy stay; sends updateSession. */
export function EditSessionForm({ session, ...props }: ModeProps & { session: ExistingSession }) {
  const [initial] = useState(() => existingSessionForm(props.options, session, session.name, Date.now()));
  const save: Save = async ({ market, strategyParams, name, range }) =>
    (await request(UpdateSessionConfigMutation, { id: session.id, input: { name, market, strategyParams, ...range } })).updateSession;
  return <SessionForm {...props} initial={initial} fixedStrategy submitLabel="Save" startLabel="Save & Start" save={save} />;
}

/** Clone of any session: a new session with the same type and strategy; sends cloneSession. */
export function CloneSessionForm({ session, ...props }: ModeProps & { session: ExistingSession }) {
  const [initial] = useState(() => existingSessionForm(props.options, session, `Clone of ${session.name}`, Date.now()));
  const save: Save = async ({ market, strategyParams, name, range }) =>
    (await request(CloneSessionMutation, { id: session.id, input: { name, market, strategyParams, ...range } })).cloneSession;
  return <SessionForm {...props} initial={initial} fixedStrategy submitLabel="Create" startLabel="Create & Start" save={save} />;
}

const TYPE_CARDS: { type: SessionType; title: string; hint: string }[] = [
  { type: 'TEST', title: 'Live Test', hint: 'Paper-trade the live market' },
  { type: 'BACKTEST', title: 'Backtest', hint: 'Replay a past date range' },
  { type: 'SCRAPER', title: 'Scraper', hint: 'Record market candles' },
];

function toInstant(date: string): string {
  return `${date}T00:00:00Z`;
}

/**
 * The form itself, the same for every mode: type cards, market and strategy, parameters
 * generated from the strategy's schema, a date range for backtests, an optional name.
 * `fixedStrategy`: type and strategy are shown but cannot change (edit, clone).
 */
function SessionForm({
  idPrefix,
  options,
  initial,
  fixedStrategy,
  leanLogOption = false,
  submitLabel,
  startLabel,
  save,
  onClose,
  onDone,
}: ModeProps & { initial: SessionFormState; fixedStrategy: boolean; leanLogOption?: boolean; submitLabel: string; startLabel: string; save: Save }) {
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(sessionFormReducer, initial);
  const { strategies, markets } = options;
  const { type, strategyId, market, values, touched, rangeStart, rangeEnd, name, leanLog, submitted, submitting, apiError, apiFields } = state;
  const strategy = strategies.find((s) => s.id === strategyId);
  const typeStrategies = strategies.filter((s) => s.supportedTypes.includes(type));
  // the date moves on while the form stays open (a range may end today at the latest)
  const today = isoDate(useNow(60_000));
  const { fields, rangeError, nameError, valid } = checkSessionForm(state, strategy, today);

  const shownParamErrors: Record<string, string | undefined> = {};
  for (const field of fields) {
    const local = touched[field.name] || submitted ? validateField(field, values[field.name] ?? '') : undefined;
    shownParamErrors[field.name] = local ?? apiFields[`strategyParams.${field.name}`];
  }

  const submit = async (start: boolean) => {
    if (!valid) {
      dispatch({ kind: 'invalid' });
      return;
    }
    dispatch({ kind: 'submit', start });
    try {
      const result = await save({
        type,
        strategy: strategyId,
        market,
        strategyParams: toParams(fields, values),
        name: name.trim() || undefined,
        range: type === 'BACKTEST' ? { rangeStart: toInstant(rangeStart), rangeEnd: toInstant(rangeEnd) } : {},
        leanLog,
      });
      if (start) await request(StartCreatedSessionMutation, { id: result.id });
      dispatch({ kind: 'done' });
      // the lists show it through their subscriptions; cached views of the session are stale now
      void queryClient.invalidateQueries({ queryKey: queryKeys.session(result.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessionLists });
      onDone(result, start);
    } catch (cause) {
      if (cause instanceof GraphQLRequestError) dispatch({ kind: 'failed', message: cause.message, fields: cause.fieldErrors });
      else dispatch({ kind: 'failed', message: cause instanceof Error ? cause.message : String(cause), fields: {} });
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(false);
  };
  const busy = submitting !== undefined;

  return (
    <form onSubmit={onSubmit} noValidate>
      <fieldset className="type-cards" disabled={fixedStrategy}>
        <legend>Session Type</legend>
        {TYPE_CARDS.map((card) => (
          <label key={card.type} className={`type-card${type === card.type ? ' type-card--selected' : ''}`}>
            <input type="radio" name="session-type" value={card.type} checked={type === card.type} onChange={() => dispatch({ kind: 'type', type: card.type, strategies, markets })} />
            <span className="type-card__title">{card.title}</span>
            <span className="type-card__hint">{card.hint}</span>
          </label>
        ))}
      </fieldset>

      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${idPrefix}-market`}>Market</label>
          <select id={`${idPrefix}-market`} value={market} onChange={(e) => dispatch({ kind: 'market', market: e.target.value })} aria-invalid={apiFields.market ? true : undefined}>
            {marketsFor(strategy, markets).map((m) => (
              <option key={m.symbol} value={m.symbol}>
                {m.symbol} — {m.label}
              </option>
            ))}
          </select>
          {apiFields.market && <small className="field__error">{apiFields.market}</small>}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-strategy`}>Strategy</label>
          <select
            id={`${idPrefix}-strategy`}
            value={strategyId}
            disabled={fixedStrategy}
            onChange={(e) => dispatch({ kind: 'strategy', strategy: strategies.find((s) => s.id === e.target.value), markets })}
            aria-invalid={apiFields.strategy ? true : undefined}
          >
            {typeStrategies.length === 0 && <option value="">No strategy supports this type</option>}
            {(fixedStrategy ? strategies : typeStrategies).map((s) => (
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
        onChange={(field, text) => dispatch({ kind: 'param', field, text })}
        onBlur={(field) => dispatch({ kind: 'touch', field })}
      />
      {apiFields.strategyParams && <p className="field__error">{apiFields.strategyParams}</p>}

      {type === 'BACKTEST' && (
        <>
          <h3 className="form-section">Date Range</h3>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${idPrefix}-start`}>Start Date</label>
              <input id={`${idPrefix}-start`} type="date" value={rangeStart} max={rangeEnd} onChange={(e) => dispatch({ kind: 'range', rangeStart: e.target.value })} />
              {apiFields.rangeStart && <small className="field__error">{apiFields.rangeStart}</small>}
            </div>
            <div className="field">
              <label htmlFor={`${idPrefix}-end`}>End Date</label>
              <input id={`${idPrefix}-end`} type="date" value={rangeEnd} min={rangeStart} max={today} onChange={(e) => dispatch({ kind: 'range', rangeEnd: e.target.value })} />
              {apiFields.rangeEnd && <small className="field__error">{apiFields.rangeEnd}</small>}
            </div>
          </div>
          {rangeError && (
            <p className="field__error" role="alert">
              {rangeError}
            </p>
          )}
          {leanLogOption && (
            <div className="field field--wide field--check">
              <label>
                <input type="checkbox" checked={leanLog} onChange={(e) => dispatch({ kind: 'leanLog', leanLog: e.target.checked })} /> Lean log
              </label>
              <small className="field__hint">
                Keep only trade, warning and error lines (a one-year backtest writes hundreds of thousands of lines otherwise). Re-run and verify replays it with every line.
              </small>
              {apiFields.leanLog && <small className="field__error">{apiFields.leanLog}</small>}
            </div>
          )}
        </>
      )}

      <div className="field field--wide">
        <label htmlFor={`${idPrefix}-name`}>Session Name (optional)</label>
        <input id={`${idPrefix}-name`} type="text" value={name} placeholder="Generated when empty, e.g. BTC Test #3" onChange={(e) => dispatch({ kind: 'name', name: e.target.value })} />
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
          {submitting === 'create' ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void submit(true)}>
          {submitting === 'start' ? 'Starting…' : startLabel}
        </button>
      </footer>
    </form>
  );
}
