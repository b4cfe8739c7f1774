import { describe, expect, it } from 'vitest';
import { marketsFixture, strategiesFixture } from '@/testing/fixtures';
import { defaultStrategy } from '../session-form';

type Strategies = Parameters<typeof defaultStrategy>[0];
type Markets = Parameters<typeof defaultStrategy>[1];

const pairBot = {
  ...strategiesFixture[0],
  id: 'PairTradeBot',
  name: 'Pair Trade Bot',
  supportedMarkets: ['XBTUSD+ETHUSD'],
};
const testBot = { ...strategiesFixture[0], supportedMarkets: ['*'] };
// the API lists strategies by name: the pair strategy comes first
const strategies = [pairBot, testBot] as unknown as Strategies;
const markets = marketsFixture as unknown as Markets;

describe('defaultStrategy', () => {
  it('starts a new session with the strategy that runs on the most markets', () => {
    expect(defaultStrategy(strategies, markets, '')?.id).toBe('TestBot');
  });

  it('keeps a strategy that runs on the market already chosen', () => {
    expect(defaultStrategy(strategies, markets, 'XBTUSD+ETHUSD')?.id).toBe('PairTradeBot');
    expect(defaultStrategy(strategies, markets, 'SOLUSD')?.id).toBe('TestBot');
  });

  it('has none to offer when no strategy supports the type', () => {
    expect(defaultStrategy([], markets, 'XBTUSD')).toBeUndefined();
  });
});
