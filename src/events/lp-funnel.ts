import type { FunnelStep } from '../machine/chat.types.js';
import { LpEvent } from './lp-event.js';

/**
 * A step of the engagement's funnel, as the window also reports it to LivePerson (App Engagement
 * impressions): `impDisplay` (the launcher shows an available engagement), `impAccept` (the visitor
 * opened it), `impExpanded` and `impClose` (the window opened again or closed before a chat started),
 * `impTimeout` (the engagement expired unused). For the brand's own analytics; not cancelable.
 */
export class LpFunnelEvent extends LpEvent<FunnelStep> {
  constructor(detail: FunnelStep) {
    super('lp-funnel', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lp-funnel': LpFunnelEvent;
  }
}
