import { graphql } from '@/gql';

export const StorageHealthQuery = graphql(`
  query StorageHealth {
    storage {
      status
      failingSince
      failingForSeconds
      failingRuns
      backlog
    }
  }
`);
