// ESLint (flat config): typescript-eslint, React hooks, and the layout's import boundaries.
// `npm run lint` runs it together with Knip (unused exports and files); `./mvnw verify` runs both.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * The layout (see the house style): a feature never imports another feature; features build on
 * components/, lib/ and gql/; app/ reaches a feature only through its index.ts; components/ and
 * lib/ import no feature and nothing of app/.
 */
const boundaries = [
  ...features.map((feature) => ({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [`./${feature}`],
    message: 'A feature does not import another feature: move what both need to components/ or lib/.',
  })),
  {
    target: './src/features',
    from: './src/app',
    message: 'Features do not import the app shell.',
  },
  {
    target: ['./src/components', './src/lib'],
    from: ['./src/features', './src/app'],
    message: 'components/ and lib/ are shared building blocks: they import no feature and nothing of app/.',
  },
  ...features.map((feature) => ({
    target: './src/app',
    from: `./src/features/${feature}`,
    except: ['./index.ts'],
    message: `app/ imports a feature through its index.ts only: '@/features/${feature}'.`,
  })),
];

export default tseslint.config(
  { ignores: ['node', 'node_modules', 'target', 'src/gql', 'e2e/**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser },
    },
    plugins: { 'react-hooks': reactHooks, import: importPlugin },
    settings: {
      'import/resolver': { typescript: { project: ['./tsconfig.json', './e2e/tsconfig.json'], noWarnOnMultipleProjects: true } },
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      // every rule of the plugin's recommended set, the React Compiler's included (purity, refs,
      // immutability, set-state-in-effect...); missing effect dependencies fail the build too
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      'import/no-restricted-paths': ['error', { zones: boundaries }],
      'import/no-cycle': 'error',
      'import/no-duplicates': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['e2e/**/*.ts', '*.config.ts', 'codegen.ts', 'vite.config.ts', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
    // Playwright fixtures take `{}` when they need no other fixture
    rules: { 'react-hooks/rules-of-hooks': 'off', 'no-empty-pattern': 'off' },
  },
);
