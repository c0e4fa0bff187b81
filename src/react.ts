/**
 * `<lp-chat-window>` in React 19's JSX, for TypeScript: `import type {} from 'lp-chat-window/react';`
 * once in the app. Types only (package.json exports it with a `types` condition alone).
 *
 * React 19 sets a prop the element has as that property (`account`, `relay`, `timing`, `api`, …) and
 * adds a prop named `on` + an event's name as a listener of that event: `onlp-message={…}`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { LpChatWindow } from '../components/chat-window/chat-window.js';
import type { LpCloseEvent, LpErrorEvent, LpFunnelEvent, LpMessageEvent, LpOpenEvent, LpSendEvent, LpStatusChangeEvent } from './events/index.js';

/**
 * What the host sets. Not `open`: on the element that is the method, so `isOpen` is the prop (a
 * prop the element has replaces that member).
 */
type Settable =
  | 'account'
  | 'appKey'
  | 'csds'
  | 'chatDomain'
  | 'skill'
  | 'relay'
  | 'appKeyIn'
  | 'persist'
  | 'sections'
  | 'visitorName'
  | 'engagementAttributes'
  | 'consent'
  | 'jsMethodName'
  | 'jsContext'
  | 'authFallback'
  | 'isOpen'
  | 'api'
  | 'timing'
  | 'getAuthCode';

/** The element's events, as React 19 listens to them on a custom element. */
export interface LpChatWindowEventProps {
  'onlp-open'?: (event: LpOpenEvent) => void;
  'onlp-close'?: (event: LpCloseEvent) => void;
  'onlp-status-change'?: (event: LpStatusChangeEvent) => void;
  'onlp-message'?: (event: LpMessageEvent) => void;
  'onlp-send'?: (event: LpSendEvent) => void;
  'onlp-error'?: (event: LpErrorEvent) => void;
  'onlp-funnel'?: (event: LpFunnelEvent) => void;
}

/** The props of `<lp-chat-window>` in JSX: React's own (`ref`, `key`, `className`, …), the configuration and the events. */
export type LpChatWindowProps = DetailedHTMLProps<HTMLAttributes<LpChatWindow>, LpChatWindow> & Partial<Pick<LpChatWindow, Settable>> & LpChatWindowEventProps;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- JSX is a namespace in React's own types
  namespace JSX {
    interface IntrinsicElements {
      'lp-chat-window': LpChatWindowProps;
    }
  }
}
