import { css } from 'lit';

/** The message box. */
export const composerStyles = css`
  .composer { display: flex; align-items: flex-end; gap: 8px; padding: 8px var(--_gap) var(--_gap); }
  textarea { flex: 1; min-height: 40px; max-height: 120px; field-sizing: content; resize: none; }
  .composer button { min-height: 40px; }
  ::placeholder { color: var(--_muted); opacity: 1; }
`;
