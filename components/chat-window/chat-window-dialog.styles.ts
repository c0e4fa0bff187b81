import { css } from 'lit';

/** What the conversation's dialog draws itself (its views bring their own): the question before ending the chat. */
export const dialogStyles = css`
  .confirm { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding-block: 10px; }
  .confirm p { flex: 1 0 100%; font-size: var(--_fs-m); }
`;
