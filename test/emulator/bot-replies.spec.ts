import { test, expect } from '@playwright/test';
import { GOODBYE_TEXT, HELP_TEXT, LINK_HTML, greeting, replyTo } from '../../emulator/bot/replies.js';

test.describe('bot replies', () => {
  test('greets with its nickname and points to help', () => {
    expect(greeting('Natalie')).toEqual({
      text: `Hi! I'm Natalie, a bot. Type "help" to see what I can do.`,
      textType: 'plain',
    });
  });

  test('greets an authenticated visitor by name, always as plain text', () => {
    expect(greeting('Natalie', 'Dana')).toEqual({ text: `Hi Dana! I'm Natalie, a bot. Type "help" to see what I can do.`, textType: 'plain' });
    expect(greeting('Natalie', '<b>Dana</b>').textType).toBe('plain');
  });

  test('"help" lists every command', () => {
    const reply = replyTo('help');
    expect(reply).toEqual({ lines: [{ text: HELP_TEXT, textType: 'plain' }], endChat: false });
    for (const command of ['help', 'link', 'bye']) expect(HELP_TEXT).toContain(`${command}:`);
  });

  test('"link" and "html" answer with an html line holding a link', () => {
    for (const text of ['link', 'html']) {
      expect(replyTo(text)).toEqual({ lines: [{ text: LINK_HTML, textType: 'html' }], endChat: false });
    }
    expect(LINK_HTML).toBe('<p>Here is our <a href="https://www.liveperson.com/">website</a>.</p>');
  });

  test('"bye" says goodbye and ends the chat', () => {
    expect(replyTo('bye')).toEqual({ lines: [{ text: GOODBYE_TEXT, textType: 'plain' }], endChat: true });
    expect(GOODBYE_TEXT).toBe('Goodbye!');
  });

  test('commands ignore case, surrounding spaces and trailing punctuation', () => {
    expect(replyTo('  Help! ')?.lines[0]?.text).toBe(HELP_TEXT);
    expect(replyTo('LINK')?.lines[0]?.textType).toBe('html');
    expect(replyTo('Bye.')?.endChat).toBe(true);
    expect(replyTo('bye bye')?.endChat).toBe(false);
  });

  test('anything else is echoed as plain text, markup included', () => {
    expect(replyTo('hello there')).toEqual({ lines: [{ text: 'You said: hello there', textType: 'plain' }], endChat: false });
    const markup = replyTo('<img src=x onerror=alert(1)> & "quotes"');
    expect(markup?.lines).toEqual([{ text: 'You said: <img src=x onerror=alert(1)> & "quotes"', textType: 'plain' }]);
    expect(replyTo('helpful')?.lines[0]?.text).toBe('You said: helpful');
  });

  test('a line with nothing in it gets no answer', () => {
    expect(replyTo('')).toBeNull();
    expect(replyTo('  \n ')).toBeNull();
  });
});
