import { css } from 'lit';

/**
 * One line: agent lines start (beside their avatar's column), visitor lines end, system lines are
 * centred. The first line of a group stands apart from the group before and carries its name and
 * time; a new day's date is centred above it.
 */
export const messageStyles = css`
  lp-chat-message { display: flex; flex-flow: column; }
  .message { display: flex; flex-flow: column; align-items: flex-start; gap: 2px; max-width: 85%; }
  .message--first, .message__day { margin-top: 8px; }
  .message--agent { position: relative; padding-inline-start: 36px; }
  .message--visitor { align-self: flex-end; align-items: flex-end; }
  .message--system, .message__day { align-self: center; text-align: center; }
  .message--system, .message__meta, .message__status, .message__day { color: var(--_muted); font-size: var(--_fs-s); }
  .message__meta { display: flex; gap: 6px; }
  .message__avatar { position: absolute; inset-inline-start: 0; display: grid; place-items: center; width: 28px; height: 28px; overflow: hidden; border-radius: 50%; background: var(--_avatar-bg); color: var(--_avatar-fg); font-weight: 600; }
  .message__avatar img { position: absolute; width: 100%; height: 100%; object-fit: cover; }
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
