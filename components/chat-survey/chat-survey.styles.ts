import { css } from 'lit';

/** Survey and transcript forms (their fields are `.field`s, styled with the window's). */
export const surveyStyles = css`
  .survey { display: grid; gap: 14px; padding: 16px; }
  fieldset.survey__question { min-width: 0; margin: 0; padding: 0; border: 0; }
  .survey__label { display: block; margin-block-end: 4px; padding: 0; font-weight: 600; }
  .survey__required { margin-inline-start: 4px; color: var(--_danger); }
  .survey__options { display: grid; gap: 4px; }
  .survey__options--inline { display: flex; flex-wrap: wrap; gap: 4px 16px; }
  .survey__option { display: flex; align-items: center; gap: 8px; }
  .survey__error { margin-block-start: 4px; color: var(--_danger); font-size: var(--_fs-s); }
  .survey__actions { display: flex; flex-wrap: wrap; gap: 8px; }
`;
