import { css } from 'lit';

/** The message list, the "New messages" button and the typing indicator. */
export const logStyles = css`
  lp-chat-log { position: relative; display: flex; flex: 1; flex-flow: column; min-height: 0; }
  .log { flex: 1; padding: var(--_gap); overflow-y: auto; overscroll-behavior: contain; }
  /*
   * A past block off screen is not laid out, painted or hit-tested: it stands as one box of the size
   * it last had (remembered while it was rendered; a guess for one never shown). Its lines stay in
   * the document (find-in-page, the accessibility tree); the newest blocks are always rendered.
   */
  .log__lines, .log__block { display: flex; flex-flow: column; gap: 2px; contain-intrinsic-block-size: auto 6000px; }
  .log__block--past { content-visibility: auto; }
  /* Centred: the same in either direction, so one physical side will do. */
  .log__jump { position: absolute; inset-block-end: 32px; left: 50%; translate: -50%; border-radius: 99px; box-shadow: var(--_shadow); }
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
