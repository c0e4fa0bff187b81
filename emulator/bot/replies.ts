/**
 * What the bot says. Pure functions, no I/O: the chat loop in bot.ts decides when to call them.
 * The greeting names an authenticated visitor (the name claim the agent sees in the chat info).
 *
 * Commands (case-insensitive, surrounding spaces and trailing punctuation ignored):
 * - `help`          → the list of commands;
 * - `link` / `html` → an html line with a link to the website;
 * - `bye`           → "Goodbye!", then the bot ends the chat;
 * - anything else   → echoed back as plain text.
 */

/** One line the bot sends. `html` lines go out with `textType: "html"`. */
export interface BotLine {
  text: string;
  textType: 'plain' | 'html';
}

/** The bot's answer to one visitor line. */
export interface BotReply {
  lines: BotLine[];
  /** End the chat after sending the lines. */
  endChat: boolean;
}

export const WEBSITE_URL = 'https://www.liveperson.com/';

export const HELP_TEXT = [
  'Here is what I can do:',
  '• help: show this list',
  '• link: send you a link to our website',
  '• bye: end the chat',
  'Anything else you type, I repeat back to you.',
].join('\n');

export const LINK_HTML = `<p>Here is our <a href="${WEBSITE_URL}">website</a>.</p>`;

export const GOODBYE_TEXT = 'Goodbye!';

/** The first line of every chat; an authenticated visitor is greeted by the name they proved. */
export function greeting(nickname: string, visitorName?: string): BotLine {
  const hello = visitorName ? `Hi ${visitorName}!` : 'Hi!';
  return { text: `${hello} I'm ${nickname}, a bot. Type "help" to see what I can do.`, textType: 'plain' };
}

/** The answer to a visitor line, or `null` for a line with nothing in it (nothing to answer). */
export function replyTo(visitorText: string): BotReply | null {
  const text = visitorText.trim();
  if (!text) return null;
  switch (text.toLowerCase().replace(/[.!?]+$/, '')) {
    case 'help':
      return { lines: [{ text: HELP_TEXT, textType: 'plain' }], endChat: false };
    case 'link':
    case 'html':
      return { lines: [{ text: LINK_HTML, textType: 'html' }], endChat: false };
    case 'bye':
      return { lines: [{ text: GOODBYE_TEXT, textType: 'plain' }], endChat: true };
    default:
      // Plain text on purpose: visitor text is never put into an html line.
      return { lines: [{ text: `You said: ${text}`, textType: 'plain' }], endChat: false };
  }
}
