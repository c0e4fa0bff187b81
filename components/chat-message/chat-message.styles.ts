import { css } from 'lit';

/** One line: agent lines start, visitor lines end, system lines are centred. */
export const messageStyles = css`
  lp-chat-message { display: flex; flex-flow: column; }
  .msg { display: flex; flex-flow: column; align-items: flex-start; gap: 2px; max-width: 85%; }
  .msg--visitor { align-self: flex-end; align-items: flex-end; }
  .msg--system { align-self: center; text-align: center; }
  .msg--system, .by, .meta { color: var(--_muted); font-size: var(--_fs-s); }
  .bubble { padding: 8px 12px; border-radius: var(--_r-m); background: var(--_agent-bg); color: var(--_agent-fg); overflow-wrap: anywhere; }
  .msg--visitor .bubble { background: var(--_visitor-bg); color: var(--_visitor-fg); }
  .msg--system .bubble { padding: 0; background: none; color: inherit; }
  .msg--failed .meta { color: var(--_danger); }
  .pre { white-space: pre-wrap; }
  .bubble :is(p, ul, ol, pre, blockquote) { margin: 0 0 0.5em; }
  .bubble :last-child { margin-bottom: 0; }
  .bubble a { color: inherit; }
  .message__status-icon { width: 1em; height: 1em; margin-inline-end: 0.25em; vertical-align: -0.125em; }
  .link { padding: 0; border: 0; background: none; color: var(--_primary); text-decoration: underline; }
`;
