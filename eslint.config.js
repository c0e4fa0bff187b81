// @ts-check
// The house layering, enforced: what each folder may import and touch. `npm run lint`.
import lit from 'eslint-plugin-lit';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

/** Browser globals the pure core must never reach for. */
const DOM = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'customElements', 'HTMLElement', 'Element', 'Node', 'DOMParser', 'BroadcastChannel', 'Worker', 'requestAnimationFrame', 'requestIdleCallback'].map(
  (name) => ({ name, message: 'src/machine and src/api never touch the DOM: hand it in as an actor or an option.' }),
);

/** Imports the pure core must not make. */
const NOT_IN_CORE = [
  { group: ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*'], message: 'src/machine and src/api are free of Lit.' },
  { group: ['dompurify'], message: 'Untrusted HTML has one door: src/sanitize.' },
  { group: ['**/components/**', '**/controllers/**', '**/persist/**', '**/timers/**', '**/security/**', '**/sanitize/**'], message: 'The core depends on nothing above it.' },
];

/** Markup sinks: untrusted HTML goes through src/sanitize and lp-chat-message only. */
const HTML_SINKS = ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'srcdoc'].map((property) => ({
  property,
  message: 'No HTML strings into the DOM: agent HTML goes through sanitizeHtml (src/sanitize) into lp-chat-message.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'examples/dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', '**/*.d.ts'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests reach into loose shapes on purpose, and chai asserts with bare expressions.
    files: ['test/**', 'e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // What ships (the window, the demo pages, the example apps brands copy): no HTML string reaches the DOM.
    files: ['src/**', 'components/**', 'demo/**', 'examples/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...HTML_SINKS.map(({ property, message }) => ({ selector: `AssignmentExpression > MemberExpression.left[property.name='${property}']`, message })),
        ...HTML_SINKS.map(({ property, message }) => ({ selector: `CallExpression > MemberExpression.callee[property.name='${property}']`, message })),
      ],
    },
  },
  {
    // The pure core: no DOM, no Lit, nothing from the layers above.
    files: ['src/machine/**/*.ts', 'src/api/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...DOM],
      'no-restricted-imports': ['error', { patterns: NOT_IN_CORE }],
    },
  },
  {
    // Views render what they are given: the machine comes to them through the conversation's
    // controller (the conversation, chat-window-dialog.ts, is the one place it is put together),
    // and nothing but lp-chat-message sees the sanitiser.
    files: ['components/**/*.ts'],
    ignores: ['components/chat-window/chat-window-dialog.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/machine/chat.machine*', '**/machine/chat.actors*', 'xstate'], message: 'Components reach the machine through ChatController (src/controllers).' },
            { group: ['**/api/chat-api*', 'ky'], message: 'Components do not call the platform: the machine does.' },
            { group: ['**/sanitize/**', 'dompurify', 'lit/directives/unsafe-html.js'], message: 'Untrusted HTML has one door: lp-chat-message.' },
          ],
        },
      ],
    },
  },
  {
    files: ['components/chat-message/chat-message.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/machine/chat.machine*', '**/machine/chat.actors*', 'xstate', '**/api/chat-api*', 'ky'], message: 'Components reach the machine through ChatController.' }] },
      ],
    },
  },
  {
    // The emulator is a platform of its own: it knows nothing of the window.
    files: ['emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/**', '**/components/**', '**/relay/**'], message: 'The emulator imports nothing of the window or the relay.' }] }],
    },
  },
  {
    // The relay is deployed on its own: it knows nothing of the window or the emulator.
    files: ['relay/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/**', '**/components/**', '**/emulator/**'], message: 'The relay imports nothing of the window or the emulator.' }] }],
    },
  },
  {
    files: ['components/**/*.ts', 'demo/**/*.ts'],
    extends: [lit.configs['flat/recommended']],
  },
  {
    // The Vue example's single-file components: Vue's recommended rules, TypeScript in <script>.
    files: ['examples/vue/**/*.vue'],
    extends: [tseslint.configs.recommended, vue.configs['flat/recommended']],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
);
