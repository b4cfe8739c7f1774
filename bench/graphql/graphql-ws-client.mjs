#!/usr/bin/env node
// Subscribes to a session's log lines with the reference graphql-ws client (the library the
// dashboard and GraphiQL use; this project did not write it) and prints each line it receives
// as one JSON object per line on stdout. Used by the backend's ReferenceGraphqlWsClientTest.
//
//   node graphql-ws-client.mjs --url ws://127.0.0.1:8080/graphql --session <id> [--count 5]
//        [--after <sequence>] [--tail 0] [--frontend ../../frontend]
//
// Exits 0 after --count lines, 2 on a GraphQL error, 3 on a socket failure, 4 on timeout.
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(args.frontend ?? resolve(here, '../../frontend'));
// graphql-ws lives in the frontend's node_modules (this script is outside that package)
const require = createRequire(resolve(frontend, 'package.json'));
const { createClient } = await import(pathToFileURL(require.resolve('graphql-ws')).href);

const count = Number(args.count ?? 5);
const timeout = setTimeout(() => {
  console.error(`timed out after receiving fewer than ${count} lines`);
  process.exit(4);
}, Number(args.timeout ?? 30000));

const client = createClient({
  url: args.url,
  // Node 22+ has a standard WebSocket; no extra package needed
  webSocketImpl: globalThis.WebSocket,
  lazy: true,
  retryAttempts: 0,
  on: {
    connected: () => console.error('connected, sub-protocol graphql-transport-ws'),
    closed: (event) => console.error(`closed ${event?.code ?? ''} ${event?.reason ?? ''}`),
  },
});

let received = 0;
const variables = { sessionId: args.session, tail: Number(args.tail ?? 0) };
if (args.after !== undefined) variables.afterSequence = Number(args.after);

const dispose = client.subscribe(
  {
    query: `subscription Follow($sessionId: ID!, $afterSequence: Long, $tail: Int) {
      sessionLogs(sessionId: $sessionId, afterSequence: $afterSequence, tail: $tail) {
        sequence timestamp kind level message
      }
    }`,
    variables,
  },
  {
    next: (result) => {
      if (received >= count) return; // lines that arrive while closing
      if (result.errors) {
        console.log(JSON.stringify({ errors: result.errors }));
        process.exitCode = 2;
        return;
      }
      console.log(JSON.stringify(result.data.sessionLogs));
      if (++received >= count) finish(0);
    },
    error: (error) => {
      console.log(JSON.stringify({ errors: Array.isArray(error) ? error : [{ message: String(error?.reason ?? error) }] }));
      finish(Array.isArray(error) ? 2 : 3);
    },
    complete: () => finish(received >= count ? 0 : 3),
  },
);

function finish(code) {
  clearTimeout(timeout);
  dispose();
  client.dispose();
  // give the client a moment to send "complete" and close the socket cleanly
  setTimeout(() => process.exit(code), 100);
}
