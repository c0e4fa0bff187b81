import { expect, fixture, html } from '@open-wc/testing';
import type { LpChatMessage } from '../../components/chat-message/chat-message.js';
import { enforceTrustedTypes, settle, watchPolicies, type Message } from './trusted-types.helpers.js';

// From here on this page enforces Trusted Types as a strict brand page does, naming the policies
// the window needs: Lit's own and the window's.
const { created, violations } = watchPolicies();
enforceTrustedTypes('lit-html lp-chat-window');
await import('../helpers/views.js');
// The sanitiser a first HTML line fetches, here before the lines (each test renders synchronously).
await (await import('../../src/sanitize/sanitizer.js')).loadSanitizer();

const render = (text: string) =>
  fixture<LpChatMessage>(html`<lp-chat-message .message=${{ key: 'e1', source: 'agent', text, textType: 'html', by: 'A', time: '', status: 'sent' } as Message}></lp-chat-message>`);

describe('sanitised HTML under enforced Trusted Types', () => {
  it('is on a page where an HTML string cannot reach a sink', async () => {
    expect(() => {
      document.createElement('div').innerHTML = '<b>x</b>';
    }).to.throw(TypeError);
    await settle();
    expect(violations.splice(0)).to.deep.equal(['require-trusted-types-for']);
  });

  it('renders agent lines with no violation, through one policy, lp-chat-window, created on the first line', async () => {
    expect(created).to.deep.equal([]);
    const el = await render('<p><b>Hi</b> <a href="https://example.com/">there</a></p><ul><li>one</li></ul>');
    expect(el.querySelector('b')!.textContent).to.equal('Hi');
    expect(el.querySelector('a')!.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(el.querySelector('li')!.textContent).to.equal('one');
    await render('<i>again</i>');
    await render('<img src="https://cdn.example.com/x.png" alt="x" onerror="window.__pwned=1"><div style="position:fixed" onclick="window.__pwned=2">text</div><svg><script>window.__pwned=3</script></svg>');
    // A <script> the parser never closed, which DOMPurify would otherwise copy while it works.
    await render('Hello <x><script>window.__pwned=4');
    expect(created).to.deep.equal(['lp-chat-window']);
    await settle();
    expect(violations).to.deep.equal([]);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
