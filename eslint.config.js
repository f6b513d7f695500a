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
    // A virt driver talks to a hypervisor, never to the database, the bus or HTTP (Nova's
    // hacking check: virt never imports db); the compute agent hands it what it needs.
    files: ['src/compute/virt/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/**', '**/api/**', '**/bus/**'],
              message: 'virt drivers never import db, api or bus',
            },
            {
              group: ['**/identity/**', '**/image/**', '**/placement/**', '**/network/**'],
              message: 'services talk through common/clients or the bus',
            },
          ],
          paths: [
            { name: 'kysely', message: 'virt drivers never touch the database' },
            { name: 'fastify', message: 'virt drivers know nothing of HTTP' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
