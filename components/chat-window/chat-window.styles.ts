import { css } from 'lit';

/** Launcher, window frame, header, the body's notes and notices, and the buttons and fields every view shares. */
export const windowStyles = css`
  .launcher, .window { position: fixed; inset-inline-end: var(--_offset); z-index: var(--_z); box-shadow: var(--_shadow); }
  .launcher {
    inset-block-end: var(--_offset);
    display: grid;
    place-items: center;
    width: var(--_launcher);
    height: var(--_launcher);
    padding: 0;
    border-radius: 50%;
  }
  .launcher svg { width: 50%; }
  /* The speech bubble's tail points the way the text runs. */
  [dir='rtl'] .launcher svg { scale: -1 1; }
  svg { fill: currentColor; }
  .launcher__badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-width: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: var(--_danger);
    color: var(--_surface);
    font: 700 12px/22px var(--_font);
  }
  .window {
    inset-block-end: calc(var(--_offset) + var(--_launcher) + var(--_gap));
    display: flex;
    flex-flow: column;
    width: min(var(--_width), calc(100vw - 2 * var(--_offset)));
    height: min(var(--_height), calc(100vh - var(--_launcher) - 3 * var(--_offset)));
    overflow: hidden;
    background: var(--_surface);
    border-radius: var(--_r-l);
  }
  /* FILLS_SCREEN (chat-window-frame.ts): the window is modal then. */
  @media (max-width: 480px) {
    .window { inset: 0; width: auto; height: auto; border-radius: 0; }
    .launcher[aria-expanded='true'] { display: none; }
  }
  .header { display: flex; align-items: center; gap: 8px; padding-block: 10px; padding-inline: 16px 8px; background: var(--_header-bg); color: var(--_header-fg); }
  .header__titles { flex: 1; min-width: 0; }
  h2, h3, p { margin: 0; }
  h2 { font-size: var(--_fs-l); font-weight: 600; }
  h3 { font-size: var(--_fs-m); }
  .header__status, .notice { font-size: var(--_fs-s); }
  .window__body { display: flex; flex: 1; flex-flow: column; min-height: 0; overflow-y: auto; }
  .note { display: grid; gap: var(--_gap); justify-items: start; padding: 16px; }
  .note--error, .note__error, .notice--error { color: var(--_danger); }
  .notice { padding: 6px 16px; background: var(--_surface-alt); }
  .after-chat { flex: none; max-height: 65%; overflow-y: auto; border-block-start: 1px solid var(--_surface-alt); }
  button, input, select, textarea { font: inherit; color: inherit; }
  button { padding: 7px 14px; border: 1px solid transparent; border-radius: var(--_r-s); background: var(--_primary); color: var(--_on-primary); cursor: pointer; }
  .button--secondary, .button--icon { border-color: currentColor; background: none; color: inherit; }
  .button--icon { display: grid; width: 32px; padding: 4px; border: 0; }
  .field { width: 100%; padding: 7px 10px; border: 1px solid var(--_border); border-radius: var(--_r-s); background: var(--_surface); }
  /* Text inputs keep their border when invalid, as they always have; their error line says why. */
  select.field[aria-invalid='true'], textarea.field[aria-invalid='true'] { border-color: var(--_danger); }
  textarea.field { min-height: 40px; max-height: 120px; field-sizing: content; resize: none; }
  :disabled, [aria-disabled='true'] { opacity: 0.55; cursor: default; }
`;
