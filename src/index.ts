import { defineElements } from './define.js';

// Called here as well as in define.ts: a bundler that treats this package's sources as free of
// side effects (package.json "sideEffects" lists only dist files) would drop a bare import.
defineElements();

export { LpChatWindow } from '../components/chat-window/chat-window.js';
export { defineElements };
export * from './events/index.js';
export type { ChatStatus, ChatTiming, ErrorInfo, FunnelStep, Message } from './machine/chat.types.js';
export type { AuthCode, ChatApi, ImpressionType, Survey, SurveyAnswers, SurveyQuestion, VisitorAuthentication } from './api/types.js';
export type * from './api/sde.js';
export type { WebTagData } from './api/web-tag.js';
export type { Strings } from './i18n/strings.js';
