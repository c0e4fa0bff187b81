import { css } from 'lit';

/**
 * Shared base of the window's shadow root: private `--_*` tokens read from the public `--lp-*`
 * ones (light and dark defaults; styles/tokens.css documents them), protection against the host
 * page's inherited styles, focus rings and forced colours. Animations only run under
 * `prefers-reduced-motion: no-preference`.
 */
export const hostStyles = css`
  :host {
    all: initial;
    --_primary: var(--lp-color-primary, #2457d6);
    --_on-primary: var(--lp-color-on-primary, #fff);
    --_surface: var(--lp-color-surface, #fff);
    --_surface-alt: var(--lp-color-surface-alt, #eef1f5);
    --_text: var(--lp-color-text, #1b1f24);
    --_muted: var(--lp-color-text-muted, #57606a);
    --_border: var(--lp-color-border, #8c959f);
    --_danger: var(--lp-color-danger, #b42318);
    --_font: var(--lp-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_fs-s: var(--lp-font-size-s, 13px);
    --_fs-m: var(--lp-font-size-m, 15px);
    --_fs-l: var(--lp-font-size-l, 17px);
    --_r-s: var(--lp-radius-s, 6px);
    --_r-m: var(--lp-radius-m, 14px);
    --_r-l: var(--lp-radius-l, 16px);
    --_gap: var(--lp-space-m, 12px);
    --_shadow: var(--lp-shadow-l, 0 12px 40px rgb(0 0 0 / 0.22));
    --_z: var(--lp-z-index, 2147483000);
    --_width: var(--lp-chat-width, 380px);
    --_height: var(--lp-chat-height, 580px);
    --_offset: var(--lp-chat-offset, 20px);
    --_launcher: var(--lp-chat-launcher-size, 56px);
    --_header-bg: var(--lp-chat-header-background, var(--_primary));
    --_header-fg: var(--lp-chat-header-color, var(--_on-primary));
    --_agent-bg: var(--lp-chat-bubble-agent-background, var(--_surface-alt));
    --_agent-fg: var(--lp-chat-bubble-agent-color, var(--_text));
    --_visitor-bg: var(--lp-chat-bubble-visitor-background, var(--_primary));
    --_visitor-fg: var(--lp-chat-bubble-visitor-color, var(--_on-primary));
    --_avatar-bg: var(--lp-chat-avatar-background, var(--_primary));
    --_avatar-fg: var(--lp-chat-avatar-color, var(--_on-primary));
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_primary: var(--lp-color-primary, #8ab4f8);
      --_on-primary: var(--lp-color-on-primary, #0b1a33);
      --_surface: var(--lp-color-surface, #1c1f24);
      --_surface-alt: var(--lp-color-surface-alt, #2c313a);
      --_text: var(--lp-color-text, #eceff3);
      --_muted: var(--lp-color-text-muted, #a8b1bd);
      --_border: var(--lp-color-border, #6e7781);
      --_danger: var(--lp-color-danger, #ff9b8f);
      color-scheme: dark;
    }
  }
  * { box-sizing: border-box; }
  [hidden] { display: none !important; }
  /* The wrapper of the launcher and the window. Page rules on the element itself beat :host, so
     inherited properties (font, colour, alignment, spacing, white-space…) are reset here; its
     dir attribute (its language's) sets the direction, which "all" leaves alone. */
  .root { all: initial; color-scheme: inherit; font: 400 var(--_fs-m) / 1.45 var(--_font); color: var(--_text); }
  .vh { position: absolute; width: 1px; height: 1px; overflow: clip; clip-path: inset(50%); white-space: nowrap; }
  :focus-visible { outline: 2px solid var(--_primary); outline-offset: 2px; }
  @media (forced-colors: active) {
    .window, .launcher, .message__bubble, .message__avatar, .launcher__badge { border: 1px solid CanvasText; }
  }
`;
