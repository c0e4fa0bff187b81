import { expect, fixture, html } from '@open-wc/testing';
import type { LpChatWindow } from '../../components/chat-window/chat-window.js';
import type { Survey } from '../../src/api/types.js';
import { entries, FakeChatApi, question } from '../helpers/fake-chat-api.js';
import { $, endChat, $$, focused, launcherName, lines, openToWaiting, renderWindow, statusIs, textOf, until } from '../helpers/fixtures.js';

const exitSurvey: Survey = {
  id: '900',
  title: 'How did we do?',
  header: '',
  questions: [
    question({ id: '1', label: 'Was your question answered?', type: 'radio-side-by-side', mandatory: true, entries: entries('Yes', 'No') }),
    question({ id: '2', label: 'Comments', type: 'textarea', order: 1 }),
  ],
};

describe('<lp-chat-window> visual states', () => {
  it('loading: the window says so while the engagement loads', async () => {
    const api = new FakeChatApi();
    const release = api.hold('getEngagement');
    const el = await renderWindow(api, true);
    expect(el.status).to.equal('loading');
    expect($(el, '[part=window]').hidden).to.equal(false);
    expect(textOf(el, '.window__body')).to.equal('Loading…');
    expect($(el, '.window__body [role=status]')).to.exist;
    await expect(el).to.be.accessible();
    release();
    await statusIs(el, 'waiting');
  });

  it('available: a closed window shows a "Chat with us" launcher', async () => {
    const el = await renderWindow();
    await statusIs(el, 'available');
    const launcher = $(el, '[part=launcher]');
    expect(launcher.tagName).to.equal('BUTTON');
    expect(launcherName(el)).to.equal('Chat with us');
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(launcher.getAttribute('aria-controls')).to.equal('window');
    expect($(el, '#window').hidden).to.equal(true);
    expect(el.matches(':state(available)')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('unavailable: the launcher offers to leave a message', async () => {
    const api = new FakeChatApi();
    api.available = false;
    const el = await renderWindow(api);
    await statusIs(el, 'unavailable');
    expect(launcherName(el)).to.equal('Leave a message');
    await expect(el).to.be.accessible();
  });

  it('pre-chat survey: shown on open, its answers go with the chat request', async () => {
    const api = new FakeChatApi();
    api.preChatSurvey = {
      id: '77',
      title: 'Before we start',
      header: 'Tell us about you',
      questions: [question({ id: '5', label: 'Your name', mandatory: true })],
    };
    const el = await renderWindow(api);
    await statusIs(el, 'available');
    el.open();
    await statusIs(el, 'prechat');
    expect(textOf(el, '[part=survey]')).to.contain('Before we start').and.contain('Tell us about you');
    await expect(el).to.be.accessible();
    const input = $<HTMLInputElement>(el, '[part=survey] input');
    expect(focused(el)).to.equal(input);
    input.value = 'Ada';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    $(el, '[part=survey] button').click();
    await statusIs(el, 'waiting');
    expect(api.callsOf('requestChat')[0][0]).to.deep.include({ survey: { id: '77', answers: { '5': 'Ada' } } });
  });

  it('waiting: the queue position and estimated wait show', async () => {
    const api = new FakeChatApi();
    api.waitTime = 150;
    const el = await renderWindow(api);
    await openToWaiting(el);
    await until(el, () => textOf(el, '.window__body').includes('Estimated wait'));
    expect(textOf(el, '[part=status]')).to.equal('Waiting for an agent…');
    expect(textOf(el, '.window__body')).to.contain('Estimated wait: about 3 minutes');
    expect(lines(el)).to.deep.equal(['system: Thank you for choosing to chat with us.']);
    expect(textOf(el, '[part=end-button]')).to.equal('End chat');
    await expect(el).to.be.accessible();
  });

  it('chatting: the agent is named and lines are shown', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept('Natalie');
    api.say('Hi, how can I help?');
    await statusIs(el, 'chatting');
    await until(el, () => lines(el).length === 3);
    expect(textOf(el, '[part=status]')).to.equal('Chatting with Natalie');
    expect(lines(el)).to.deep.equal([
      'system: Thank you for choosing to chat with us.',
      'system: You are now chatting with Natalie',
      'agent: Hi, how can I help?',
    ]);
    expect(textOf(el, '[part~=message--agent] .message__author')).to.equal('Natalie');
    expect(el.matches(':state(chatting)')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('agent typing: an indicator outside the live region', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept('Natalie');
    api.typing(true);
    await until(el, () => textOf(el, '[part=typing-indicator]') === 'Natalie is typing');
    expect($(el, '[part=typing-indicator]').closest('[role=log]')).to.equal(null);
    await expect(el).to.be.accessible();
    api.say('Here I am');
    await until(el, () => textOf(el, '[part=typing-indicator]') === '');
  });

  it('a line whose attempt failed for a passing reason is sent again by itself, once, with no alarm', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept();
    await statusIs(el, 'chatting');
    api.fail('addLine', 'network');
    $<HTMLTextAreaElement>(el, '[part=input]').value = 'Anyone?';
    $(el, '[part=send-button]').click();
    await until(el, () => api.callsOf('addLine').length === 2 && !textOf(el, '.message__status'));
    expect(el.shadowRoot!.querySelector('[part~=message--failed]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part=error]')).to.equal(null);
    await until(el, () => api.callsOf('getChat').length > 3);
    expect(lines(el).filter((l) => l.startsWith('visitor'))).to.deep.equal(['visitor: Anyone?']);
  });

  it('failed line: "Not sent" with a Retry that sends it once', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept();
    await statusIs(el, 'chatting');
    api.fail('addLine', 'bad-request');
    const composer = $(el, 'lp-chat-composer');
    const textarea = $<HTMLTextAreaElement>(el, '[part=input]');
    textarea.value = 'Hello?';
    $(el, '[part=send-button]').click();
    await until(el, () => el.shadowRoot!.querySelector('[part~=message--failed]'));
    expect(textOf(el, '[part~=message--failed]')).to.contain('Hello?').and.contain('Not sent').and.contain('Retry');
    expect(textOf(el, '[part=error]')).to.equal('A message could not be sent.');
    expect(composer).to.exist;
    await expect(el).to.be.accessible();
    $(el, '[part~=message--failed] button').click();
    await until(el, () => !el.shadowRoot!.querySelector('[part~=message--failed]') && !textOf(el, '.message__status'));
    await until(el, () => api.callsOf('getChat').length > 3);
    expect(api.callsOf('addLine').map((a) => a[1])).to.deep.equal(['Hello?', 'Hello?']);
    expect(lines(el).filter((l) => l.startsWith('visitor'))).to.deep.equal(['visitor: Hello?']);
  });

  it('failed line after the chat ended: "Not sent" without Retry, and focus moves to the form below the log', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept();
    await statusIs(el, 'chatting');
    api.fail('addLine', 'bad-request');
    const textarea = $<HTMLTextAreaElement>(el, '[part=input]');
    textarea.focus();
    textarea.value = 'Hello?';
    $(el, '[part=send-button]').click();
    await until(el, () => el.shadowRoot!.querySelector('[part~=message--failed] button'));
    api.end();
    await statusIs(el, 'ended');
    await until(el, () => el.shadowRoot!.querySelector('.after-chat input'));
    expect(textOf(el, '[part~=message--failed] .message__status')).to.equal('Not sent');
    expect(el.shadowRoot!.querySelector('[part~=message--failed] button')).to.equal(null);
    await until(el, () => focused(el) === $(el, '.after-chat input'), 'focus on the transcript form');
    await expect(el).to.be.accessible();
  });

  it('focus never lands on the log\'s controls: with "New messages" showing, an ended chat focuses the header, then the form', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept();
    await statusIs(el, 'chatting');
    for (let i = 0; i < 30; i++) api.say(`line ${i}`);
    await until(el, () => lines(el).includes('agent: line 29'));
    const log = $(el, '[part=log]');
    await until(el, () => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'follows new lines');
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    api.say('new one');
    await until(el, () => !$(el, '.log__jump').hidden, 'the "New messages" button shows');
    const release = api.hold('getExitSurvey');
    $(el, '[part=input]').focus();
    api.end();
    await statusIs(el, 'ended');
    try {
      await until(el, () => focused(el) && !el.shadowRoot!.querySelector('[part=input]'), 'focus moved on from the composer');
      expect(focused(el)).to.equal($(el, '[part=close-button]'));
      expect($(el, '.log__jump').hidden).to.equal(false);
    } finally {
      release();
    }
    await until(el, () => focused(el) === el.shadowRoot!.querySelector('.after-chat input'), 'focus on the transcript form');
  });

  it('ended: the exit survey, then thanks, the transcript form and a new chat', async () => {
    const api = new FakeChatApi();
    api.exitSurvey = exitSurvey;
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept();
    api.say('Bye now');
    api.end();
    await statusIs(el, 'ended');
    await until(el, () => el.shadowRoot!.querySelector('[part=survey] fieldset'));
    expect(textOf(el, '[part=status]')).to.equal('The chat has ended.');
    expect(lines(el)).to.include('agent: Bye now');
    expect(el.shadowRoot!.querySelector('[part=composer]')).to.equal(null);
    expect($(el, '[part=survey] .survey__options--inline')).to.exist;
    expect(textOf(el, '[part=survey]')).to.contain('Skip');
    await expect(el).to.be.accessible();
    $<HTMLInputElement>(el, '[part=survey] input[value=Yes]').click();
    $(el, '[part=survey] button:not(.button--secondary)').click();
    await until(el, () => textOf(el, '.after-chat').includes('Thank you for chatting'));
    expect(api.callsOf('submitExitSurvey')[0]).to.deep.equal([api.chatUrl, '900', { '1': 'Yes', '2': '' }]);
    expect(textOf(el, '.after-chat')).to.contain('Send transcript').and.contain('Start a new chat');
    await expect(el).to.be.accessible();
  });

  it('transcript: validated email, then "sent"', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.end();
    await until(el, () => el.shadowRoot!.querySelector('.after-chat [part=survey]'));
    const email = $<HTMLInputElement>(el, '.after-chat input');
    expect(email.type).to.equal('email');
    expect($(el, `label[for="${email.id}"]`).textContent).to.contain('Email');
    email.value = 'not-an-address';
    email.dispatchEvent(new Event('input', { bubbles: true }));
    $(el, '.after-chat [part=survey] button').click();
    await until(el, () => textOf(el, '.after-chat .survey__error') !== '');
    expect(textOf(el, '.after-chat .survey__error')).to.equal('Please enter a valid email address.');
    expect(api.callsOf('requestTranscript')).to.have.length(0);
    await expect(el).to.be.accessible();
    email.value = 'ada@example.com';
    email.dispatchEvent(new Event('input', { bubbles: true }));
    $(el, '.after-chat [part=survey] button').click();
    await until(el, () => textOf(el, '.after-chat').includes('on its way'));
    expect(api.callsOf('requestTranscript')[0]).to.deep.equal([api.chatUrl, 'ada@example.com']);
    await expect(el).to.be.accessible();
  });

  it('transcript failure: an alert, and the form stays', async () => {
    const api = new FakeChatApi();
    api.fail('requestTranscript', 'server');
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.end();
    await until(el, () => el.shadowRoot!.querySelector('.after-chat [part=survey]'));
    const email = $<HTMLInputElement>(el, '.after-chat input');
    email.value = 'ada@example.com';
    email.dispatchEvent(new Event('input', { bubbles: true }));
    $(el, '.after-chat [part=survey] button').click();
    await until(el, () => textOf(el, '.after-chat').includes('could not be sent'));
    expect($(el, '.after-chat [role=alert]').textContent).to.contain('could not be sent');
    expect($<HTMLInputElement>(el, '.after-chat input').value).to.equal('ada@example.com');
  });

  it('offline survey: leave a message, then "sent"', async () => {
    const api = new FakeChatApi();
    api.available = false;
    api.offlineSurvey = {
      id: '300',
      title: 'Leave us a message',
      header: '',
      questions: [
        question({ id: '1', label: 'Email', validation: 'email', mandatory: true }),
        question({ id: '2', label: 'Message', type: 'textarea', order: 1, mandatory: true }),
      ],
    };
    const el = await renderWindow(api);
    await statusIs(el, 'unavailable');
    $(el, '[part=launcher]').click();
    await statusIs(el, 'offline');
    await until(el, () => el.shadowRoot!.querySelector('[part=survey]'));
    expect(textOf(el, '[part=title]')).to.equal('Leave a message');
    await expect(el).to.be.accessible();
    const [email, message] = $$<HTMLInputElement>(el, '[part=survey] [data-q]');
    email.value = 'ada@example.com';
    message.value = 'Call me';
    email.dispatchEvent(new Event('input', { bubbles: true }));
    message.dispatchEvent(new Event('input', { bubbles: true }));
    $(el, '[part=survey] button').click();
    await until(el, () => textOf(el, '.window__body').includes('Your message was sent'));
    expect(api.callsOf('submitOfflineSurvey')[0][0]).to.deep.include({
      surveyId: '300',
      answers: { '1': 'ada@example.com', '2': 'Call me' },
    });
    await expect(el).to.be.accessible();
  });

  it('offline without a survey: says nobody is available', async () => {
    const api = new FakeChatApi();
    api.available = false;
    const el = await renderWindow(api);
    await statusIs(el, 'unavailable');
    el.open();
    await until(el, () => textOf(el, '.window__body').includes('No one is available'));
    await expect(el).to.be.accessible();
  });

  it('error: an alert with "Try again" that retries', async () => {
    const api = new FakeChatApi();
    api.fail('getEngagement', 'network');
    api.fail('getAvailability', 'network');
    const el = await renderWindow(api, true);
    await statusIs(el, 'error');
    expect(textOf(el, '[part=error]')).to.equal('The chat service cannot be reached. Check your connection and try again.');
    expect($(el, '[part=error]').getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    $(el, '.window__body .note button').click();
    await statusIs(el, 'waiting');
  });

  it('error that trying again cannot mend: no "Try again", and no text asking for it', async () => {
    const api = new FakeChatApi();
    api.fail('getEngagement', 'not-found');
    api.fail('getAvailability', 'not-found');
    const el = await renderWindow(api, true);
    await statusIs(el, 'error');
    expect(textOf(el, '[part=error]')).to.equal('Something went wrong.');
    expect(el.shadowRoot!.querySelector('.window__body button')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('a failed end: the chat ends here, and the banner says it will close by itself', async () => {
    const api = new FakeChatApi();
    api.fail('endChat', 'server');
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept();
    await statusIs(el, 'chatting');
    await endChat(el);
    await statusIs(el, 'ended');
    await until(el, () => textOf(el, '.notice') !== '');
    expect(textOf(el, '.notice')).to.equal('The chat could not be ended here; it will close by itself.');
    expect($(el, '.notice').getAttribute('role')).to.equal('alert');
  });

  it('a failed exit survey: the banner does not ask to try again (the survey is gone)', async () => {
    const api = new FakeChatApi();
    api.exitSurvey = exitSurvey;
    api.fail('submitExitSurvey', 'server');
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept();
    api.end();
    await until(el, () => el.shadowRoot!.querySelector('[part=survey] fieldset'));
    $<HTMLInputElement>(el, '[part=survey] input[value=Yes]').click();
    $(el, '[part=survey] button:not(.button--secondary)').click();
    await until(el, () => textOf(el, '.notice') !== '');
    expect(textOf(el, '.notice')).to.equal('Something went wrong.');
    expect(textOf(el, '.after-chat')).to.contain('Thank you for chatting');
  });

  it('missing account: a clear error instead of a blank window, logged once', async () => {
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const el = await fixture<LpChatWindow>(html`<lp-chat-window open></lp-chat-window>`);
      expect(el.status).to.equal('error');
      expect(textOf(el, '[role=alert]')).to.contain('account is missing or invalid');
      el.remove();
      document.body.append(el);
      await el.updateComplete;
      expect(logged).to.have.length(1);
      expect(String(logged[0][0])).to.contain('account');
      await expect(el).to.be.accessible();
    } finally {
      console.error = original;
    }
  });

  it('invalid account: the same error, and the launcher still opens the window', async () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      const el = await fixture<LpChatWindow>(html`<lp-chat-window account="12 34"></lp-chat-window>`);
      // Once the conversation has loaded (the browser is idle): the window is there, closed.
      await statusIs(el, 'error');
      expect($(el, '#window').hidden).to.equal(true);
      $(el, '[part=launcher]').click();
      await el.updateComplete;
      expect($(el, '#window').hidden).to.equal(false);
      expect(textOf(el, '[role=alert]')).to.contain('account is missing or invalid');
    } finally {
      console.error = original;
    }
  });
});
