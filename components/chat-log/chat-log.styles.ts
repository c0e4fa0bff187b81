import { css } from 'lit';

/** The message list, the "New messages" button and the typing indicator. */
export const logStyles = css`
  lp-chat-log { position: relative; display: flex; flex: 1; flex-flow: column; min-height: 0; }
  .log { display: flex; flex: 1; flex-flow: column; gap: 10px; padding: var(--_gap); overflow-y: auto; overscroll-behavior: contain; }
  .log__jump { position: absolute; inset-block-end: 32px; inset-inline-start: 50%; translate: -50%; border-radius: 99px; box-shadow: var(--_shadow); }
  .log__typing { min-height: 24px; padding: 0 var(--_gap); color: var(--_muted); font-size: var(--_fs-s); }
  @media (prefers-reduced-motion: no-preference) {
    .log__typing i::after { content: ''; animation: lp-dots 1.2s steps(4) infinite; }
  }
  @keyframes lp-dots {
    25% { content: '.'; }
    50% { content: '..'; }
    75% { content: '...'; }
  }
`;
