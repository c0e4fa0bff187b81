export { LpEvent } from './lp-event.js';
export { LpOpenEvent, type LpOpenSource } from './lp-open.js';
export { LpCloseEvent, type LpCloseSource } from './lp-close.js';
export { LpStatusChangeEvent } from './lp-status-change.js';
export { LpMessageEvent } from './lp-message.js';
export { LpSendEvent } from './lp-send.js';
export { LpErrorEvent } from './lp-error.js';
export { LpFunnelEvent } from './lp-funnel.js';
