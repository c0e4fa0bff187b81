import { expect, fixture, html } from '@open-wc/testing';
import type { LpChatMessage } from '../../components/chat-message/chat-message.js';
import { enforceTrustedTypes, settle, watchPolicies, type Message } from './trusted-types.helpers.js';

// A page that enforces Trusted Types but forgot to name the window's policy.
const { created, violations } = watchPolicies();
enforceTrustedTypes('lit-html');
await import('../helpers/views.js');
// The sanitiser a first HTML line fetches, here before the lines (each test renders synchronously).
await (await import('../../src/sanitize/sanitizer.js')).loadSanitizer();

const render = (text: string) =>
  fixture<LpChatMessage>(html`<lp-chat-message .message=${{ key: 'e1', source: 'agent', text, textType: 'html', by: 'A', time: '', status: 'sent' } as Message}></lp-chat-message>`);

describe('agent HTML on a page whose Trusted Types policy leaves the window out', () => {
  it('shows the line as the text it is, asks for its policy once, and never falls back on another one', async () => {
    const el = await render('<b>Hi</b> there');
    expect(el.querySelector('b')).to.equal(null);
    expect(el.querySelector('[part=bubble]')!.textContent).to.equal('<b>Hi</b> there');
    await render('<i>again</i>');
    expect(created).to.deep.equal(['lp-chat-window']);
    await settle();
    expect(violations).to.deep.equal(['trusted-types']);
  });
});
