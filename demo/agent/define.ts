import { LpAgentBar } from './components/agent-bar.js';
import { LpAgentChat } from './components/agent-chat.js';
import { LpAgentConsole } from './components/agent-console.js';
import { LpAgentSignIn } from './components/agent-sign-in.js';

const elements = {
  'lp-agent-console': LpAgentConsole,
  'lp-agent-bar': LpAgentBar,
  'lp-agent-chat': LpAgentChat,
  'lp-agent-sign-in': LpAgentSignIn,
};

for (const [name, element] of Object.entries(elements)) if (!customElements.get(name)) customElements.define(name, element);

declare global {
  interface HTMLElementTagNameMap {
    'lp-agent-console': LpAgentConsole;
    'lp-agent-bar': LpAgentBar;
    'lp-agent-chat': LpAgentChat;
    'lp-agent-sign-in': LpAgentSignIn;
  }
}
