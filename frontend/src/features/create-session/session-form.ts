import type { CreateSessionOptionsQuery as OptionsData, SessionConfigQuery, SessionType } from '@/gql/graphql';
import { fieldsFromSchema, initialValues, validateAll, type ParamField } from './param-schema';

// The session form's model: its state, the changes a user makes (a reducer), and what is
// valid. The components of each mode (create, edit, clone) render it and submit it.

export type Strategy = OptionsData['strategies'][number];
export type Market = OptionsData['markets'][number];
export type ExistingSession = NonNullable<SessionConfigQuery['session']>;

export interface SessionFormState {
  type: SessionType;
  strategyId: string;
  market: string;
  /** Parameter texts by field name. */
  values: Record<string, string>;
  touched: Record<string, boolean>;
  rangeStart: string;
  rangeEnd: string;
  name: string;
  /** Backtests: keep only trade, warning and error lines in the log. */
  leanLog: boolean;
  /** A submit was tried: every field shows its message from now on. */
  submitted: boolean;
  submitting: 'create' | 'start' | undefined;
  apiError: string | undefined;
  /** Field messages of the server's last answer (`market`, `strategyParams.threshold` …). */
  apiFields: Record<string, string>;
}

export type SessionFormAction =
  | { kind: 'type'; type: SessionType; strategies: readonly Strategy[]; markets: readonly Market[] }
  | { kind: 'strategy'; strategy: Strategy | undefined; markets: readonly Market[] }
  | { kind: 'market'; market: string }
  | { kind: 'param'; field: string; text: string }
  | { kind: 'touch'; field: string }
  | { kind: 'range'; rangeStart?: string; rangeEnd?: string }
  | { kind: 'name'; name: string }
  | { kind: 'leanLog'; leanLog: boolean }
  | { kind: 'submit'; start: boolean }
  | { kind: 'invalid' }
  | { kind: 'failed'; message: string; fields: Record<string, string> }
  | { kind: 'done' };

/** `YYYY-MM-DD` (UTC) of an instant. */
export function isoDate(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

/** Markets a strategy can run on: `*` means any single market. */
export function marketsFor(strategy: Strategy | undefined, markets: readonly Market[]): Market[] {
  if (!strategy) return [...markets];
  return markets.filter((m) => strategy.supportedMarkets.includes(m.symbol) || (strategy.supportedMarkets.includes('*') && m.kind === 'SINGLE'));
}

/** The strategy a new session starts with: one that runs on `market`, else the one that runs on the most markets. */
export function defaultStrategy(strategies: readonly Strategy[], markets: readonly Market[], market: string): Strategy | undefined {
  const onMarket = strategies.find((s) => market !== '' && marketsFor(s, markets).some((m) => m.symbol === market));
  if (onMarket) return onMarket;
  return strategies.reduce<Strategy | undefined>(
    (best, s) => (best === undefined || marketsFor(s, markets).length > marketsFor(best, markets).length ? s : best),
    undefined,
  );
}

function blank(type: SessionType, market: string, now: number): SessionFormState {
  return {
    type,
    strategyId: '',
    market,
    values: {},
    touched: {},
    rangeStart: isoDate(now - 7 * 86_400_000),
    rangeEnd: isoDate(now),
    name: '',
    leanLog: false,
    submitted: false,
    submitting: undefined,
    apiError: undefined,
    apiFields: {},
  };
}

/** `strategy` chosen: its default parameters, and the market kept if it runs there, else its first market. */
function withStrategy(state: SessionFormState, strategy: Strategy | undefined, markets: readonly Market[]): SessionFormState {
  const allowed = marketsFor(strategy, markets);
  return {
    ...state,
    strategyId: strategy?.id ?? '',
    values: initialValues(fieldsFromSchema(strategy?.paramSchema), strategy?.defaultParams),
    touched: {},
    market: allowed.some((m) => m.symbol === state.market) ? state.market : (allowed[0]?.symbol ?? ''),
  };
}

/**
 * A new session of `type` (on `market` if given): a strategy of the type that runs on that market,
 * else the one that runs on the most markets, and a market it supports.
 */
export function newSessionForm(options: OptionsData, type: SessionType, market: string, now: number): SessionFormState {
  const ofType = options.strategies.filter((s) => s.supportedTypes.includes(type));
  return withStrategy(blank(type, market, now), defaultStrategy(ofType, options.markets, market), options.markets);
}

/** What a new session starts from when it copies a configuration (a sweep's cell): strategy, parameters, name. */
export interface SessionPreset {
  strategyId: string;
  params: Record<string, unknown>;
  name?: string;
}

/** A new session of `type` on `market` with a preset's strategy and parameters (over the strategy's defaults). */
export function presetSessionForm(options: OptionsData, type: SessionType, market: string, preset: SessionPreset, now: number): SessionFormState {
  const strategy = options.strategies.find((s) => s.id === preset.strategyId);
  const state = newSessionForm(options, type, market, now);
  if (!strategy) return state;
  const allowed = marketsFor(strategy, options.markets);
  return {
    ...state,
    strategyId: strategy.id,
    market: allowed.some((m) => m.symbol === market) ? market : (allowed[0]?.symbol ?? ''),
    values: initialValues(fieldsFromSchema(strategy.paramSchema), strategy.defaultParams, preset.params),
    name: preset.name ?? '',
  };
}

/** The form of an existing session (edit keeps its name, clone proposes "Clone of …"). */
export function existingSessionForm(options: OptionsData, session: ExistingSession, name: string, now: number): SessionFormState {
  const strategy = options.strategies.find((s) => s.id === session.strategyId);
  const state = blank(session.type, session.market, now);
  return {
    ...state,
    strategyId: session.strategyId,
    values: initialValues(fieldsFromSchema(strategy?.paramSchema), strategy?.defaultParams, session.strategyParams),
    rangeStart: session.rangeStart?.slice(0, 10) ?? state.rangeStart,
    rangeEnd: session.rangeEnd?.slice(0, 10) ?? state.rangeEnd,
    name,
  };
}

export function sessionFormReducer(state: SessionFormState, action: SessionFormAction): SessionFormState {
  switch (action.kind) {
    case 'type': {
      const ofType = action.strategies.filter((s) => s.supportedTypes.includes(action.type));
      const next = { ...state, type: action.type };
      // the strategy stays if it supports the new type
      return ofType.some((s) => s.id === state.strategyId) ? next : withStrategy(next, defaultStrategy(ofType, action.markets, state.market), action.markets);
    }
    case 'strategy':
      return withStrategy(state, action.strategy, action.markets);
    case 'market':
      return { ...state, market: action.market };
    case 'param': {
      const { [`strategyParams.${action.field}`]: _drop, ...apiFields } = state.apiFields;
      return { ...state, values: { ...state.values, [action.field]: action.text }, apiFields };
    }
    case 'touch':
      return { ...state, touched: { ...state.touched, [action.field]: true } };
    case 'range':
      return { ...state, rangeStart: action.rangeStart ?? state.rangeStart, rangeEnd: action.rangeEnd ?? state.rangeEnd };
    case 'name':
      return { ...state, name: action.name };
    case 'leanLog':
      return { ...state, leanLog: action.leanLog };
    case 'submit':
      return { ...state, submitted: true, submitting: action.start ? 'start' : 'create', apiError: undefined, apiFields: {} };
    case 'invalid':
      return { ...state, submitted: true, submitting: undefined, apiError: undefined, apiFields: {} };
    case 'failed':
      return { ...state, submitting: undefined, apiError: action.message, apiFields: action.fields };
    case 'done':
      return { ...state, submitting: undefined };
  }
}

export interface SessionFormCheck {
  fields: ParamField[];
  rangeError: string | undefined;
  nameError: string | undefined;
  valid: boolean;
}

/** What is wrong with a backtest's date range (`YYYY-MM-DD` each), or undefined. */
export function checkRange(rangeStart: string, rangeEnd: string, today: string): string | undefined {
  if (!rangeStart || !rangeEnd) return 'Choose both dates';
  if (rangeEnd <= rangeStart) return 'The end must be after the start';
  if (rangeEnd > today) return 'The end cannot be in the future';
  return undefined;
}

/** What the form lacks before it can be sent (`today` as `YYYY-MM-DD`). */
export function checkSessionForm(state: SessionFormState, strategy: Strategy | undefined, today: string): SessionFormCheck {
  const fields = fieldsFromSchema(strategy?.paramSchema);
  const rangeError = state.type !== 'BACKTEST' ? undefined : checkRange(state.rangeStart, state.rangeEnd, today);
  const nameError = state.name.length > 255 ? 'At most 255 characters' : undefined;
  const valid = Object.keys(validateAll(fields, state.values)).length === 0 && !rangeError && !nameError && state.strategyId !== '' && state.market !== '';
  return { fields, rangeError, nameError, valid };
}
