// The non-visual layers load first and the views last, so that the views' code stays together in
// the script-tag bundle, where gzip shares their markup and names (about 250 B smaller).
import './sanitize/sanitize-html.js';
import './machine/chat.machine.js';
import './api/chat-api.js';
import { LpChatComposer } from '../components/chat-composer/chat-composer.js';
import { LpChatLog } from '../components/chat-log/chat-log.js';
import { LpChatMessage } from '../components/chat-message/chat-message.js';
import { LpChatSurvey } from '../components/chat-survey/chat-survey.js';
import { LpChatWindow } from '../components/chat-window/chat-window.js';

const tags = {
  'lp-chat-window': LpChatWindow,
  'lp-chat-log': LpChatLog,
  'lp-chat-message': LpChatMessage,
  'lp-chat-composer': LpChatComposer,
  'lp-chat-survey': LpChatSurvey,
};

/**
 * Registers `<lp-chat-window>` and its internal views. A page may load the window twice (two
 * bundles, two versions): the first definition of each tag wins.
 */
export function defineElements(): void {
  for (const [name, element] of Object.entries(tags)) {
    if (!customElements.get(name)) customElements.define(name, element);
  }
}

defineElements();

declare global {
  interface HTMLElementTagNameMap {
    'lp-chat-window': LpChatWindow;
    'lp-chat-log': LpChatLog;
    'lp-chat-message': LpChatMessage;
    'lp-chat-composer': LpChatComposer;
    'lp-chat-survey': LpChatSurvey;
  }
}
