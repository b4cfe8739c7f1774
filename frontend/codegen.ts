import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the one schema: `graphql(...)` calls under src/ become typed
// document strings in src/gql (run by `npm run codegen`, and before every build and test).
const config: CodegenConfig = {
  schema: '../schema.graphqls',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/graphiql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          JSON: 'unknown',
          // exact decimals as sent, read with big.js (src/lib/decimal.ts); never a JS number
          BigDecimal: 'string',
          Long: 'number',
        },
      },
      presetConfig: { fragmentMasking: false },
    },
    './src/gql/decimal-fields.ts': {
      plugins: ['./codegen/decimal-fields.cjs'],
    },
  },
};

export default config;
