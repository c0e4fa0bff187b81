import { css } from 'lit';

/** One line: agent lines start, visitor lines end, system lines are centred. */
export const messageStyles = css`
  lp-chat-message { display: flex; flex-flow: column; }
  .message { display: flex; flex-flow: column; align-items: flex-start; gap: 2px; max-width: 85%; }
  .message--visitor { align-self: flex-end; align-items: flex-end; }
  .message--system { align-self: center; text-align: center; }
  .message--system, .message__author, .message__status { color: var(--_muted); font-size: var(--_fs-s); }
  .message__bubble { padding: 8px 12px; border-radius: var(--_r-m); background: var(--_agent-bg); color: var(--_agent-fg); max-width: 100%; overflow-wrap: anywhere; overflow-x: auto; }
  .message--visitor .message__bubble { background: var(--_visitor-bg); color: var(--_visitor-fg); }
  .message--system .message__bubble { padding: 0; background: none; color: inherit; }
  .message__bubble--plain { white-space: pre-wrap; }
  .message__bubble :is(p, ul, ol, pre, blockquote) { margin: 0 0 0.5em; }
  .message__bubble :last-child { margin-block-end: 0; }
  .message__bubble a { color: inherit; }
  /* Agent content stays inside its bubble: code wraps, images shrink, anything wider scrolls. */
  .message__bubble pre { white-space: pre-wrap; }
  .message__bubble img { max-width: 100%; max-height: 16em; vertical-align: middle; }
  .message__status-icon { width: 1em; height: 1em; margin-inline-end: 0.25em; vertical-align: -0.125em; }
  .link-button { padding: 0; border: 0; background: none; color: var(--_primary); text-decoration: underline; }
`;
