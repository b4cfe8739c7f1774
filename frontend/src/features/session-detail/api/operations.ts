import { graphql } from '@/gql';

graphql(`
  fragment SessionHeader on Session {
    id
    name
    type
    market
    strategyId
    strategy {
      id
      name
    }
    status
    startedAt
    stoppedAt
    lastUpdated
    tradeCount
    totalPnl
    winRate
    maxDrawdown
    dataPoints
    error
    progress {
      done
      total
      percent
    }
    health {
      isStale
    }
  }
`);

graphql(`
  fragment SessionReproducibility on Session {
    sweepId
    sweep {
      id
      name
    }
    leanLog
    fingerprint {
      engine
      strategy
      strategyVersion
      paramsHash
      tradesHash
      data {
        market
        source
        from
        to
        candles
        checksum
      }
    }
    verification {
      ofSessionId
      of {
        id
        name
      }
      matched
      expectedTradesHash
      tradesHash
    }
  }
`);

export const SessionDetailQuery = graphql(`
  query SessionDetail($id: ID!) {
    session(id: $id) {
      ...SessionHeader
      ...SessionReproducibility
      strategyParams
      rangeStart
      rangeEnd
      notes
      createdAt
      lastLogSequence
      clonedFrom {
        id
        name
        strategyParams
        market
      }
    }
  }
`);

export const SessionMetricsQuery = graphql(`
  query SessionMetrics($id: ID!) {
    session(id: $id) {
      id
      metrics {
        tradeCount
        wins
        losses
        totalPnl
        winRate
        maxDrawdown
        sharpe
        sortino
        profitFactor
        expectancy
        averageWin
        averageLoss
        averageDurationSeconds
        bestTrade
        worstTrade
        grossProfit
        grossLoss
        totalFees
        startingEquity
        equity
      }
      equity {
        time
        equity
        drawdownPercent
      }
    }
  }
`);

export const SessionTradesQuery = graphql(`
  query SessionTrades($id: ID!, $limit: Int, $offset: Int) {
    session(id: $id) {
      id
      trades(limit: $limit, offset: $offset) {
        total
        offset
        items {
          tradeNo
          market
          side
          size
          entryPrice
          exitPrice
          entryTime
          exitTime
          durationSeconds
          pnl
          exitReason
          status
        }
      }
    }
  }
`);

export const SessionDetailUpdatedSubscription = graphql(`
  subscription SessionDetailUpdated($ids: [ID!]) {
    sessionUpdated(sessionIds: $ids) {
      sessionId
      kind
      session {
        ...SessionHeader
        ...SessionReproducibility
      }
    }
  }
`);

export const VerifySessionMutation = graphql(`
  mutation VerifySession($id: ID!) {
    verifySession(id: $id) {
      id
      name
    }
  }
`);

export const SessionLogsSubscription = graphql(`
  subscription SessionLogStream($sessionId: ID!, $levels: [LogLevel!], $afterSequence: Long, $tail: Int) {
    sessionLogBatches(sessionId: $sessionId, levels: $levels, afterSequence: $afterSequence, tail: $tail) {
      sequence
      timestamp
      kind
      level
      message
      missed
      trade {
        action
      }
    }
  }
`);
