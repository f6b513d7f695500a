import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.build/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Services cross only through typed REST clients or the bus (STYLE.md rule 7).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/identity/**', '**/compute/**', '**/image/**', '**/placement/**', '**/network/**'],
              message: 'services talk through common/clients or the bus, never by importing each other',
            },
          ],
        },
      ],
    },
  },
  {
    // A service may import itself; the gateway and the CLI wire services together.
    files: ['src/identity/**', 'src/cli/**', 'src/gateway/**', 'test/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
