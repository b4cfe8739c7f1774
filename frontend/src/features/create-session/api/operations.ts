import { graphql } from '@/gql';

export const CreateSessionOptionsQuery = graphql(`
  query CreateSessionOptions {
    strategies {
      id
      name
      description
      supportedTypes
      supportedMarkets
      defaultParams
      paramSchema
    }
    markets {
      symbol
      label
      kind
      description
    }
  }
`);

export const SessionConfigQuery = graphql(`
  query SessionConfig($id: ID!) {
    session(id: $id) {
      id
      name
      type
      market
      strategyId
      strategyParams
      rangeStart
      rangeEnd
      status
      notes
    }
  }
`);

export const CreateSessionMutation = graphql(`
  mutation CreateSession($input: CreateSessionInput!) {
    createSession(input: $input) {
      id
      name
    }
  }
`);

export const UpdateSessionConfigMutation = graphql(`
  mutation UpdateSessionConfig($id: ID!, $input: UpdateSessionInput!) {
    updateSession(id: $id, input: $input) {
      id
      name
    }
  }
`);

export const CloneSessionMutation = graphql(`
  mutation CloneSessionConfig($id: ID!, $input: CloneSessionInput) {
    cloneSession(id: $id, input: $input) {
      id
      name
    }
  }
`);

export const StartCreatedSessionMutation = graphql(`
  mutation StartCreatedSession($id: ID!) {
    startSession(id: $id) {
      id
      status
    }
  }
`);

export const CreateSweepMutation = graphql(`
  mutation CreateSweep($input: CreateSweepInput!) {
    createSweep(input: $input) {
      id
      name
      cellCount
    }
  }
`);
