import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      '**/*.d.ts',
      'test-results/**',
      'playwright-report/**',
      '**/vite.config.*.timestamp*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Dependencies point one way (nx.json turns on Nx's source analysis, so the project graph this rule reads has
      // the imports; `npx nx graph` draws it): graph-schema <- domain <- graph-store, collab; neo4j-kit <- graph-store,
      // collab, audit; graph-store <- analysis (it searches through the store's expand port), media, teamwork; the
      // server libraries <- api; graph-schema, domain, graph-view <- web. A cycle between projects is an error too.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // The web client imports graph-view statically from its lazy graph chunk, and once more dynamically to
          // warm that chunk up (modules/graph/index.ts): both stay out of the entry chunk.
          checkDynamicDependenciesExceptions: ['graph-view'],
          depConstraints: [
            { sourceTag: 'type:schema', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:schema'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:schema', 'type:domain', 'type:data'] },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:schema', 'type:domain'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:schema', 'type:domain', 'type:data', 'type:ui'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // The two classic hook rules only: the plugin's React Compiler rules would judge code written for a compiler this client does not use.
    files: ['apps/web/src/**/*.{ts,tsx}', 'libs/graph-view/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // Tests read GraphQL responses as loose JSON; typing every response shape would add nothing the assertions do not check.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
