import { css } from 'lit';

/** The message box (its field looks like every other field: `.field` in the window's styles). */
export const composerStyles = css`
  .composer { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px; padding: 8px var(--_gap) var(--_gap); }
  .composer__input { flex: 1; }
  .composer__input::placeholder { color: var(--_muted); opacity: 1; }
  /* The draft runs the way its text does (dir=auto); empty, the placeholder runs the window's way. */
  .composer__input:placeholder-shown { direction: inherit; }
  .composer button { min-height: 40px; }
  .composer__count { flex-basis: 100%; color: var(--_muted); font-size: var(--_fs-s); text-align: end; }
  .composer__count--over { color: var(--_danger); }
`;
