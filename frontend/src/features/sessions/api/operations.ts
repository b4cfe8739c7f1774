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
