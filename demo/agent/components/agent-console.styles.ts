import { css } from 'lit';

/** The console's one stylesheet: its views render into the console's shadow root. */
export const styles = css`
  :host {
    --accent: #0b5cad;
    --danger: #a4262c;
    --line: #c8ccd2;
    --muted: #4a5058;
    --soft: #f3f5f8;
    display: block;
    color: #1b1e22;
    background: #fff;
    font: 15px/1.45 system-ui, sans-serif;
    color-scheme: light;
  }
  * { box-sizing: border-box; }
  h1, h2, h3, h4, p { margin: 0; }
  h1 { font-size: 1.25rem; }
  h2 { font-size: 1.1rem; }
  h3, h4 { font-size: 1rem; }
  button, input, select, textarea { font: inherit; }
  button {
    padding: 0.35rem 0.8rem;
    border: 1px solid var(--muted);
    border-radius: 6px;
    background: #fff;
    color: inherit;
    cursor: pointer;
  }
  button:disabled { cursor: default; opacity: 0.65; }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  button.danger { border-color: var(--danger); color: var(--danger); }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  input:not([type=radio]), select, textarea {
    width: 100%;
    padding: 0.35rem 0.5rem;
    border: 1px solid var(--muted);
    border-radius: 6px;
  }
  fieldset { margin: 0; padding: 0; border: 0; display: flex; gap: 0.75rem; align-items: center; }
  legend { float: left; margin-inline-end: 0.5rem; font-weight: 600; }

  .top {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem 2rem;
    align-items: center;
    padding: 0.75rem 1.25rem;
    border-bottom: 1px solid var(--line);
  }
  .bar { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: center; flex: 1; }
  .bar__ringing { font-weight: 600; }
  .bar__sign-out { margin-inline-start: auto; }
  .workspace { padding: 1rem 1.25rem; }

  .card, .sign-in { max-width: 22rem; display: grid; gap: 0.4rem; }
  .sign-in button { margin-top: 0.6rem; justify-self: start; }
  .problem {
    display: flex;
    gap: 1rem;
    align-items: center;
    margin-block: 0.5rem;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid var(--danger);
    background: #fbeaea;
  }
  .empty { display: grid; gap: 0.4rem; color: var(--muted); }

  .tabs { display: flex; flex-wrap: wrap; gap: 0.25rem; border-bottom: 1px solid var(--line); }
  [role=tab] { border-radius: 6px 6px 0 0; border-bottom: 0; background: var(--soft); }
  [role=tab][aria-selected=true] { background: #fff; border-color: var(--accent); box-shadow: inset 0 3px 0 var(--accent); }
  .tab__news { padding: 0 0.35rem; border-radius: 999px; background: var(--accent); color: #fff; font-size: 0.8rem; }
  .tab__state { color: var(--muted); }

  .chat { display: grid; grid-template-columns: minmax(0, 1fr) 18rem; gap: 1.25rem; padding-top: 1rem; }
  @media (max-width: 48rem) { .chat { grid-template-columns: 1fr; } }
  .chat__main { display: grid; gap: 0.5rem; align-content: start; }
  .transcript { height: 22rem; overflow-y: auto; padding: 0.5rem; border: 1px solid var(--line); border-radius: 8px; }
  .transcript ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .line { padding: 0.35rem 0.6rem; border-radius: 8px; background: var(--soft); }
  .line--agent { background: #e6f0fa; }
  .line--system { background: none; color: var(--muted); font-style: italic; }
  .line--private { outline: 1px dashed var(--muted); }
  .line__head { display: flex; gap: 0.5rem; align-items: baseline; font-size: 0.85rem; color: var(--muted); }
  .line__by { font-weight: 600; color: #1b1e22; }
  .line__text { white-space: pre-wrap; overflow-wrap: anywhere; }
  .line__text--html { margin: 0; font: 0.85rem/1.4 ui-monospace, monospace; }
  .tag { padding: 0 0.3rem; border: 1px solid var(--muted); border-radius: 4px; font-size: 0.75rem; }
  .typing { min-height: 1.45em; color: var(--muted); }
  .composer { display: grid; gap: 0.4rem; }
  .composer__row { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
  .composer__send { display: flex; gap: 0.75rem; align-items: center; }
  .composer__sending { color: var(--muted); }
  .actions { display: flex; gap: 1rem; align-items: start; justify-content: space-between; }
  .transfer summary { cursor: pointer; padding: 0.35rem 0; }
  .transfer form { display: grid; gap: 0.4rem; min-width: 16rem; padding-top: 0.4rem; }
  .transfer button { justify-self: start; }
  .closed { display: flex; gap: 1rem; align-items: center; }
  .details { padding: 0.75rem; border: 1px solid var(--line); border-radius: 8px; align-self: start; display: grid; gap: 0.5rem; }
  .details dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0.2rem 0.75rem; }
  .details dt { color: var(--muted); }
  .details dd { margin: 0; overflow-wrap: anywhere; }
  .details ul { margin: 0; padding-inline-start: 1.2rem; }
  .details h4 { font-size: 0.9rem; }
  .details__section { display: grid; gap: 0.4rem; padding-top: 0.5rem; border-top: 1px solid var(--line); }
  .details .details__stack { grid-template-columns: 1fr; gap: 0; }
  .details__stack dd { margin-block-end: 0.35rem; }
  .details__note { font-size: 0.85rem; color: var(--muted); }
  .details__problem { padding: 0.35rem 0.6rem; border-left: 4px solid var(--danger); background: #fbeaea; font-size: 0.9rem; }
  @media (prefers-reduced-motion: no-preference) { .transcript { scroll-behavior: smooth; } }
`;
