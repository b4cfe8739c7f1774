import type { SessionCardFragment } from '@/gql/graphql';

/** A session card as the API sends it; override what the test is about. */
export function sessionCard(overrides: Partial<SessionCardFragment> = {}): SessionCardFragment {
  return {
    id: 'a1',
    name: 'BTC Test #1',
    type: 'TEST',
    market: 'XBTUSD',
    strategyId: 'TestBot',
    strategy: { id: 'TestBot', name: 'Test Bot' },
    status: 'RUNNING',
    createdAt: new Date(Date.now() - 3_600_000).toISOString(),
    startedAt: new Date(Date.now() - 2_732_000).toISOString(),
    stoppedAt: null,
    lastUpdated: new Date(Date.now() - 2_000).toISOString(),
    tradeCount: 15,
    totalPnl: '245.5',
    winRate: '60',
    dataPoints: 0,
    logsFile: null,
    error: null,
    progress: null,
    health: { isStale: false, secondsSinceUpdate: 2 },
    sweepId: null,
    ...overrides,
  };
}

export const strategiesFixture = [
  {
    id: 'TestBot',
    name: 'Test Bot',
    description: 'Single-market strategy.',
    supportedTypes: ['TEST', 'BACKTEST'],
    supportedMarkets: ['XBTUSD', 'ETHUSD'],
    defaultParams: { threshold: 0.5, position_size: 100 },
    paramSchema: {
      type: 'object',
      properties: {
        threshold: { type: 'number', minimum: 0, maximum: 1, title: 'Threshold', description: 'Signal level.' },
        position_size: { type: 'integer', minimum: 1, title: 'Position size' },
      },
    },
  },
  {
    id: 'MarketScraper',
    name: 'Market Scraper',
    description: null,
    supportedTypes: ['SCRAPER'],
    supportedMarkets: ['*'],
    defaultParams: { archive_interval: 60 },
    paramSchema: { type: 'object', properties: { archive_interval: { type: 'integer', minimum: 1 } } },
  },
];

export const marketsFixture = [
  { symbol: 'XBTUSD', label: 'BTC', kind: 'SINGLE', description: 'Bitcoin' },
  { symbol: 'ETHUSD', label: 'ETH', kind: 'SINGLE', description: 'Ether' },
  { symbol: 'SOLUSD', label: 'SOL', kind: 'SINGLE', description: 'Solana' },
  { symbol: 'XBTUSD+ETHUSD', label: 'BTC/ETH', kind: 'PAIR', description: 'pair' },
];
