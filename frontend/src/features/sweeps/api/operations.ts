import { graphql } from '@/gql';

graphql(`
  fragment SweepSummary on Sweep {
    id
    name
    strategyId
    strategy {
      id
      name
    }
    market
    exchange
    rangeStart
    rangeEnd
    status
    cellCount
    cellsDone
    cellsFailed
    cellsRunning
    candlesPerSecond
    etaSeconds
    createdAt
    finishedAt
    error
  }
`);

graphql(`
  fragment SweepCellRow on SweepCell {
    index
    params
    status
    sessionId
    totalPnl
    winRate
    maxDrawdown
    tradeCount
    # Float here, BigDecimal in Metrics: read under their own keys (see codegen/decimal-fields.cjs)
    sharpeValue: sharpe
    sortinoValue: sortino
    profitFactorValue: profitFactor
  }
`);

export const SweepListQuery = graphql(`
  query SweepList($limit: Int, $offset: Int) {
    sweeps(limit: $limit, offset: $offset) {
      ...SweepSummary
    }
  }
`);

export const SweepDetailQuery = graphql(`
  query SweepDetail($id: ID!) {
    sweep(id: $id) {
      ...SweepSummary
      baseParams
      grid {
        parameter
        values
      }
    }
  }
`);

export const SweepCellsQuery = graphql(`
  query SweepCells($id: ID!, $sort: SweepCellSort, $first: Int, $after: String) {
    sweep(id: $id) {
      id
      cells(sort: $sort, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            ...SweepCellRow
          }
        }
      }
    }
  }
`);

export const SweepHeatmapQuery = graphql(`
  query SweepHeatmap($id: ID!, $x: String!, $y: String!, $metric: SweepMetric!) {
    sweep(id: $id) {
      id
      heatmap(x: $x, y: $y, metric: $metric) {
        x
        y
        metric
        xValues
        yValues
        values
      }
    }
  }
`);

export const SweepBestQuery = graphql(`
  query SweepBest($id: ID!, $metric: SweepMetric) {
    sweep(id: $id) {
      id
      best(metric: $metric) {
        metric
        robustness
        neighbours
        cell {
          ...SweepCellRow
        }
      }
    }
  }
`);

export const SweepUpdatedSubscription = graphql(`
  subscription SweepUpdated($id: ID!) {
    sweepUpdated(id: $id) {
      ...SweepSummary
    }
  }
`);

export const CancelSweepMutation = graphql(`
  mutation CancelSweep($id: ID!) {
    cancelSweep(id: $id) {
      ...SweepSummary
    }
  }
`);

export const ResumeSweepMutation = graphql(`
  mutation ResumeSweep($id: ID!) {
    resumeSweep(id: $id) {
      ...SweepSummary
    }
  }
`);

export const DeleteSweepMutation = graphql(`
  mutation DeleteSweep($id: ID!) {
    deleteSweep(id: $id)
  }
`);
