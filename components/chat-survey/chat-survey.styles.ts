import { css } from 'lit';

/** Survey and transcript forms (and the message box's field). */
export const surveyStyles = css`
  .survey { display: grid; gap: 14px; padding: 16px; }
  fieldset { min-width: 0; margin: 0; padding: 0; border: 0; }
  .q > label, legend { display: block; margin-bottom: 4px; padding: 0; font-weight: 600; }
  .req { margin-inline-start: 4px; color: var(--_danger); }
  .opts { display: grid; gap: 4px; }
  .row { display: flex; flex-wrap: wrap; gap: 4px 16px; }
  .opt { display: flex; align-items: center; gap: 8px; }
  input:not([type='radio'], [type='checkbox']), select, textarea { width: 100%; padding: 7px 10px; border: 1px solid var(--_border); border-radius: var(--_r-s); background: var(--_surface); }
  [aria-invalid='true'] { border-color: var(--_danger); }
  .err { margin-top: 4px; color: var(--_danger); font-size: var(--_fs-s); }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; }
`;
