import { graphql } from '@/gql';

export const MarketCandlesQuery = graphql(`
  query MarketCandles($market: ID!, $limit: Int) {
    candles(market: $market, limit: $limit) {
      market
      interval
      total
      first
      last
      candles {
        time
        open
        high
        low
        close
        volume
        trades
      }
    }
    markets {
      symbol
      description
    }
  }
`);

export const MarketScrapersQuery = graphql(`
  query MarketScrapers($market: String!) {
    sessions(filter: { types: [SCRAPER], statuses: [RUNNING], markets: [$market] }, limit: 20) {
      items {
        id
        name
        dataPoints
        strategyParams
      }
    }
  }
`);

export const MarketScraperUpdatesSubscription = graphql(`
  subscription MarketScraperUpdates($filter: SessionFilter) {
    sessionUpdated(filter: $filter) {
      sessionId
      kind
      session {
        id
        status
        dataPoints
      }
    }
  }
`);
