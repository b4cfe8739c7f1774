// GraphiQL's editor (Monaco) runs its language services in web workers, which Vite builds from
// `?worker` imports. They live here, in the app's own source, rather than in GraphiQL's
// `graphiql/setup-workers/vite` module: Vite's dev server pre-bundles dependencies with esbuild,
// which cannot follow `?worker` imports inside node_modules (the dev server then fails to start).
// The app's own files go through Vite's transform pipeline, in `npm run dev` and in the build alike.
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';

/** The worker Monaco asks for by language label: GraphQL for the editors, JSON for variables and headers. */
export function workerFor(label: string): Worker {
  if (label === 'graphql') return new GraphQLWorker();
  if (label === 'json') return new JsonWorker();
  return new EditorWorker();
}

(globalThis as { MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker } }).MonacoEnvironment = {
  getWorker: (_workerId, label) => workerFor(label),
};
