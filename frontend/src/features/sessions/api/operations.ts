import { graphql } from '@/gql';

graphql(`
  fragment SessionCard on Session {
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
    createdAt
    startedAt
    stoppedAt
    lastUpdated
    tradeCount
    totalPnl
    winRate
    dataPoints
    logsFile
    error
    progress {
      done
      total
      percent
    }
    health {
      isStale
      secondsSinceUpdate
    }
    sweepId
  }
`);

graphql(`
  fragment SweepRow on Sweep {
    id
    name
    strategyId
    strategy {
      id
      name
    }
    market
    status
    cellCount
    cellsDone
    cellsFailed
    cellsRunning
    candlesPerSecond
    etaSeconds
  }
`);

export const SessionListQuery = graphql(`
  query SessionList($filter: SessionFilter, $limit: Int, $offset: Int, $sort: SessionSort) {
    sessions(filter: $filter, limit: $limit, offset: $offset, sort: $sort) {
      total
      limit
      offset
      items {
        ...SessionCard
      }
    }
  }
`);

/** One window of a session list by cursor, for lists that load further pages as they scroll. */
export const SessionWindowQuery = graphql(`
  query SessionWindow($filter: SessionFilter, $sort: SessionSort, $first: Int, $after: String) {
    sessionsConnection(filter: $filter, sort: $sort, first: $first, after: $after) {
      edges {
        node {
          ...SessionCard
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** How many sessions each group of Running Sessions holds in all (counted by the server, one row read each). */
export const SessionGroupCountsQuery = graphql(`
  query SessionGroupCounts($running: SessionFilter!, $created: SessionFilter!) {
    running: sessions(filter: $running, limit: 1) {
      total
      totalIsLowerBound
    }
    created: sessions(filter: $created, limit: 1) {
      total
      totalIsLowerBound
    }
  }
`);

export const HistoryPageQuery = graphql(`
  query HistoryPage($filter: SessionFilter, $limit: Int, $offset: Int, $sort: SessionSort) {
    sessions(filter: $filter, limit: $limit, offset: $offset, sort: $sort) {
      total
      totalIsLowerBound
      limit
      offset
      items {
        ...SessionCard
      }
    }
  }
`);

export const SessionCardQuery = graphql(`
  query SessionCardById($id: ID!) {
    session(id: $id) {
      ...SessionCard
    }
  }
`);

export const MarketsForListsQuery = graphql(`
  query MarketsForLists {
    markets {
      symbol
      label
      kind
      description
    }
  }
`);

export const SessionListUpdatedSubscription = graphql(`
  subscription SessionListUpdated($filter: SessionFilter) {
    sessionUpdated(filter: $filter) {
      sessionId
      kind
      session {
        ...SessionCard
      }
    }
  }
`);

export const StaleSessionsSubscription = graphql(`
  subscription StaleSessionsWatch {
    staleSessions {
      sessionId
      isStale
      secondsSinceUpdate
      status
    }
  }
`);

export const StartSessionMutation = graphql(`
  mutation StartSession($id: ID!) {
    startSession(id: $id) {
      ...SessionCard
    }
  }
`);

export const StopSessionMutation = graphql(`
  mutation StopSession($id: ID!) {
    stopSession(id: $id) {
      ...SessionCard
    }
  }
`);

export const RestartSessionMutation = graphql(`
  mutation RestartSession($id: ID!) {
    restartSession(id: $id) {
      ...SessionCard
    }
  }
`);

export const DeleteSessionMutation = graphql(`
  mutation DeleteSession($id: ID!) {
    deleteSession(id: $id)
  }
`);

export const CreateScraperMutation = graphql(`
  mutation CreateScraper($input: CreateSessionInput!) {
    createSession(input: $input) {
      id
    }
  }
`);

export const ScraperStrategiesQuery = graphql(`
  query ScraperStrategies {
    strategies {
      id
      supportedTypes
      supportedMarkets
    }
  }
`);

export const StartScraperMutation = graphql(`
  mutation StartScraper($id: ID!) {
    startSession(id: $id) {
      ...SessionCard
    }
  }
`);

export const RunningSweepsQuery = graphql(`
  query RunningSweeps {
    sweeps(limit: 200) {
      ...SweepRow
    }
  }
`);

export const RunningSweepUpdatedSubscription = graphql(`
  subscription RunningSweepUpdated($id: ID!) {
    sweepUpdated(id: $id) {
      ...SweepRow
    }
  }
`);

/** Cells of sweeps as they come and go: a cell of a sweep the list does not know means a new sweep. */
export const SweepCellsWatchSubscription = graphql(`
  subscription SweepCellsWatch($filter: SessionFilter) {
    sessionUpdated(filter: $filter) {
      sessionId
      kind
      session {
        id
        sweepId
      }
    }
  }
`);

export const StopSweepMutation = graphql(`
  mutation StopSweep($id: ID!) {
    cancelSweep(id: $id) {
      ...SweepRow
    }
  }
`);

export const ResumeInterruptedSweepMutation = graphql(`
  mutation ResumeInterruptedSweep($id: ID!) {
    resumeSweep(id: $id) {
      ...SweepRow
    }
  }
`);
