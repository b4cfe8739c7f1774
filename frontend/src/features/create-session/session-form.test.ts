import { describe, expect, it } from 'vitest';
import { marketsFixture, strategiesFixture } from '@/testing/fixtures';
import { checkSessionForm, existingSessionForm, newSessionForm, sessionFormReducer, type Market, type Strategy } from './session-form';

const strategies = strategiesFixture as unknown as Strategy[];
const markets = marketsFixture as unknown as Market[];
const options = { strategies, markets };
const NOW = Date.parse('2026-11-24T12:00:00Z');

describe('the session form model', () => {
  it('starts a new session with a strategy of the type, its defaults and a market it runs on', () => {
    const form = newSessionForm(options, 'TEST', '', NOW);
    expect(form).toMatchObject({ type: 'TEST', strategyId: 'TestBot', market: 'XBTUSD', values: { threshold: '0.5', position_size: '100' } });
    expect(form.rangeStart).toBe('2026-11-17');
    expect(checkSessionForm(form, strategies[0], '2026-11-24').valid).toBe(true);
  });

  it('switches to a strategy of the new type and keeps the market where it can', () => {
    const test = newSessionForm(options, 'TEST', 'SOLUSD', NOW);
    expect(test.market).toBe('XBTUSD'); // TestBot does not run on SOLUSD
    const scraper = sessionFormReducer({ ...test, market: 'ETHUSD' }, { kind: 'type', type: 'SCRAPER', strategies, markets });
    expect(scraper).toMatchObject({ type: 'SCRAPER', strategyId: 'MarketScraper', market: 'ETHUSD', values: { archive_interval: '60' } });
    // a backtest runs the same strategy as a live test: the typed parameters stay
    const edited = sessionFormReducer(test, { kind: 'param', field: 'threshold', text: '0.7' });
    expect(sessionFormReducer(edited, { kind: 'type', type: 'BACKTEST', strategies, markets }).values.threshold).toBe('0.7');
  });

  it('checks the range of a backtest and drops a server message when its field changes', () => {
    const backtest = sessionFormReducer(newSessionForm(options, 'BACKTEST', '', NOW), { kind: 'range', rangeStart: '2026-11-20', rangeEnd: '2026-11-19' });
    expect(checkSessionForm(backtest, strategies[0], '2026-11-24')).toMatchObject({ rangeError: 'The end must be after the start', valid: false });
    const failed = sessionFormReducer(backtest, { kind: 'failed', message: 'invalid', fields: { 'strategyParams.threshold': 'too high', market: 'unknown' } });
    expect(sessionFormReducer(failed, { kind: 'param', field: 'threshold', text: '0.4' }).apiFields).toEqual({ market: 'unknown' });
  });

  it('fills an existing session in, over the strategy defaults', () => {
    const session = { id: 's1', name: 'BTC Test #3', type: 'BACKTEST', market: 'ETHUSD', strategyId: 'TestBot', strategyParams: { threshold: 0.6 }, rangeStart: '2026-11-01T00:00:00Z', rangeEnd: '2026-11-08T00:00:00Z', status: 'STOPPED', notes: null } as const;
    expect(existingSessionForm(options, session, `Clone of ${session.name}`, NOW)).toMatchObject({
      type: 'BACKTEST',
      market: 'ETHUSD',
      values: { threshold: '0.6', position_size: '100' },
      rangeStart: '2026-11-01',
      rangeEnd: '2026-11-08',
      name: 'Clone of BTC Test #3',
    });
  });
});
