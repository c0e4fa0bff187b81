import { expect, fixture, html } from '@open-wc/testing';
import type { LpChatMessage } from '../../components/chat-message/chat-message.js';
import { watchPolicies, type Message } from './trusted-types.helpers.js';

// A browser without Trusted Types: the window works as it always has.
const { created } = watchPolicies();
Object.defineProperty(window, 'trustedTypes', { value: undefined, configurable: true });
await import('../helpers/views.js');
// The sanitiser a first HTML line fetches, here before the lines (each test renders synchronously).
await (await import('../../src/sanitize/sanitizer.js')).loadSanitizer();

describe('agent HTML where the browser has no Trusted Types', () => {
  it('is sanitised and shown without any policy', async () => {
    const line = { key: 'e1', source: 'agent', text: '<b>Hi</b><img src=x onerror="window.__pwned=1">', textType: 'html', by: 'A', time: '', status: 'sent' } as Message;
    const el = await fixture<LpChatMessage>(html`<lp-chat-message .message=${line}></lp-chat-message>`);
    expect(el.querySelector('b')!.textContent).to.equal('Hi');
    expect(el.querySelector('img')).to.equal(null);
    expect(created).to.deep.equal([]);
  });
});
