// Lint rules; the import boundaries below are the architecture of DESIGN.md, enforced in CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const uiPackages = ['react', 'react/*', 'ink', 'ink-*', '@inkjs/*'];
const noUi = {
  patterns: [
    { group: uiPackages, message: 'engine/profile/commands/report stay free of React and Ink (DESIGN.md).' },
    { group: ['**/ui/**', '**/ui'], message: 'engine/profile/commands/report never import the UI.' },
  ],
};
const noSsh = {
  group: ['ssh2', 'ssh2/*', '**/transport/ssh*', '**/transport/embedded*'],
  message: 'only transport/ and cli.tsx use ssh2.',
};
// cli/ only composes (DESIGN.md): decisions live in the engine, remote scripts in commands/, the UI behind
// its contract (ui/app-services, ui/render-console); one file opens ssh2 transports.
const cliComposes = [
  { group: uiPackages, message: 'cli/ reaches the UI through ui/render-console, never React or Ink itself.' },
  {
    group: ['**/ui/**', '!**/ui/app-services.js', '!**/ui/render-console.js', '!**/ui/App.js'],
    message: 'cli/ composes the UI through its contract (ui/app-services.ts); writers belong in report/.',
  },
];
// One runner factory: every run the CLI or the TUI starts is made by cli/session-runner.ts.
const cliRunner = {
  group: ['**/engine/run/runner.js'],
  importNames: ['createRunner', 'Runner'],
  message: 'cli/ makes runners with sessionRunner (cli/session-runner.ts), the one factory.',
};
const cliSsh = {
  group: [...noSsh.group, '**/transport/sftp*'],
  message: 'in cli/ only host-connections.ts makes ssh2 transports; the rest uses the Transport interface.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'artifacts/**', '.state/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        fetch: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['source/engine/**', 'source/profile/**', 'source/commands/**', 'source/report/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noUi.patterns, noSsh] }] },
  },
  {
    files: ['source/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['ssh2', 'ssh2/*', '**/transport/**', '**/transport'],
              message: 'the UI never imports the transport (DESIGN.md); cli.tsx wires it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['source/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...cliComposes, cliSsh, cliRunner] }] },
  },
  {
    files: ['source/cli/host-connections.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...cliComposes, cliRunner] }] },
  },
  {
    files: ['source/cli/session-runner.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...cliComposes, cliSsh] }] },
  },
  // Source stays small and total: files under 400 lines, functions under 120, every union switch exhaustive, no
  // promise left floating. The last two need the type checker: only source/'s TypeScript pays for it. (The
  // sandbox's runtime is plain JavaScript, source/sandbox/standins/runtime/*.js: the base rules and the sizes.)
  {
    files: ['source/**/*.ts', 'source/**/*.tsx', 'source/**/*.js', 'cli.tsx'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 120 }],
    },
  },
  {
    files: ['source/**/*.ts', 'source/**/*.tsx', 'cli.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['source/lib/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noUi.patterns, noSsh] }] },
  },
);
