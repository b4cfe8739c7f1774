/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The Spring Boot backend during `npm run dev` (./mvnw -pl backend spring-boot:run).
const backend = process.env.BOTDECK_BACKEND ?? 'http://127.0.0.1:8080';

/** `npm run dev`: the dashboard links to /graphiql as the backend serves it; the dev server has it as /graphiql.html. */
function graphiqlPath(): Plugin {
  return {
    name: 'botdeck-graphiql-path',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url === '/graphiql' || req.url?.startsWith('/graphiql?')) req.url = req.url.replace('/graphiql', '/graphiql.html');
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), graphiqlPath()],
  resolve: {
    alias: { '@': '/src' },
  },
  build: {
    // Inside the Maven jar module: the jar carries the app at /static on the classpath,
    // and the backend serves it at /.
    outDir: 'target/classes/static',
    emptyOutDir: true,
    rollupOptions: {
      // two pages: the dashboard, and GraphiQL (served by the backend at /graphiql)
      input: {
        main: 'index.html',
        graphiql: 'graphiql.html',
      },
      onwarn(warning, warn) {
        // GraphiQL's packages carry React Compiler directives ("use no memo") that bundling drops
        // harmlessly; everything else is still reported
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  // GraphiQL's editor (Monaco) runs language services in module workers (src/graphiql/monaco-workers.ts)
  worker: {
    format: 'es',
  },
  optimizeDeps: {
    // The dev server serves the workers' modules unbundled; these two of the GraphQL worker's
    // dependencies are CommonJS, which a module worker cannot load, so they are pre-bundled to ESM
    // like the page's own dependencies.
    include: ['monaco-graphql > picomatch-browser', 'monaco-graphql > graphql-language-service > nullthrows'],
  },
  server: {
    proxy: {
      '/sessions': { target: backend, ws: true },
      '/strategies': backend,
      '/markets': backend,
      '/graphql': { target: backend, ws: true },
      '/v3': backend,
      '/swagger-ui': backend,
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
  },
});
