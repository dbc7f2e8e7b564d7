// Lint for the whole project: typescript-eslint with type information (for no-floating-promises and friends) and
// the layer rule of docs/architecture.md: each folder imports only from the layers below it.
import tseslint from 'typescript-eslint';

/** Folders under src/ and what each may import besides itself (see docs/architecture.md). */
const LAYERS = {
  api: [],
  core: ['api'],
  batch: ['api', 'core'],
  sandbox: ['api'],
  logging: ['api', 'core'],
  state: ['api', 'core'],
  ui: ['api', 'core', 'logging', 'state'],
  auth: ['api', 'core', 'logging', 'state', 'ui'],
  tree: ['api', 'core', 'batch', 'logging', 'state', 'ui', 'auth'],
  webview: ['api', 'core', 'batch', 'logging', 'state', 'ui', 'auth'],
  'webview-ui': ['core', 'batch', 'webview'],
  commands: ['api', 'core', 'batch', 'logging', 'state', 'ui', 'auth', 'tree', 'webview'],
};
const FOLDERS = Object.keys(LAYERS);

/** The rule for one folder: relative imports that climb into a folder it may not use are errors. */
function layerRule(folder) {
  const forbidden = FOLDERS.filter((other) => other !== folder && !LAYERS[folder].includes(other));
  const patterns = forbidden.map((other) => ({
    group: [`../${other}`, `../${other}/*`, `../../${other}/*`],
    message: `src/${folder} may not import src/${other} (docs/architecture.md).`,
  }));
  patterns.push({ group: ['../extension', '../../extension'], message: 'Only VS Code loads src/extension.ts.' });
  const noVscode = ['api', 'core', 'batch', 'sandbox', 'webview-ui'].includes(folder);
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns,
          paths: noVscode ? [{ name: 'vscode', message: `src/${folder} is pure: no vscode import (docs/architecture.md).` }] : [],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.vscode-test/**',
      'media/**',
      'esbuild.js',
      'eslint.config.mjs',
      'test/host/bootstrap.js',
      'test/probe-extension/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // no-throw-literal's job is done by the type-aware only-throw-error of the recommended set.
      curly: 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // A file a newcomer can read in one sitting (issue 13); tests and the sandbox's seed data may run longer.
    files: ['src/**/*.ts'],
    ignores: ['src/sandbox/**'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    // Tests read JSON answers and VS Code's untyped command results, and fake async APIs with plain functions:
    // typing or awaiting each of them would say nothing more. Floating promises stay errors here too.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Notifications only through src/ui/messages.ts, which makes every text inert (redacted, one line, no link).
    files: ['src/**/*.ts'],
    ignores: ['src/ui/messages.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[property.name=/^show(Information|Warning|Error)Message$/]:matches([object.name='window'], [object.property.name='window'])",
          message: 'Show notifications through src/ui/messages.ts: it redacts them and keeps org text from becoming a link.',
        },
      ],
    },
  },
  ...FOLDERS.map(layerRule),
);
