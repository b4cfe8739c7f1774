import './monaco-workers';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { botdeckFetcher } from './fetcher';

const DEFAULT_QUERY = `# Botdeck's GraphQL API. Run with Ctrl+Enter; the Docs panel lists every type and field.

query RunningSessions {
  sessions(filter: { statuses: [RUNNING] }, limit: 20) {
    total
    items {
      id
      name
      type
      market
      strategy { name }
      totalPnl
      health { isStale secondsSinceUpdate }
    }
  }
}

# Live log lines of a session (paste its id):
# subscription Logs {
#   sessionLogs(sessionId: "…", tail: 20) { sequence timestamp level message }
# }
`;

const root = document.getElementById('graphiql');
if (!root) throw new Error('graphiql.html has no #graphiql element');

createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={botdeckFetcher()} defaultQuery={DEFAULT_QUERY} />
  </StrictMode>,
);
