/**
 * Every text the window shows or announces, in one place. `stringsFor(lang)` picks the table for
 * the element's `lang`; only English exists so far, and other languages fall back to it.
 */
export const en = {
  /** Language of this table (marks the window's content for assistive technology). */
  lang: 'en',
  launcher: 'Chat with us',
  /** The launcher's name and the window's title when nobody is available. */
  offline: 'Leave a message',
  unread: (n: number) => `${n} unread message${n === 1 ? '' : 's'}`,
  title: 'Chat',
  close: 'Minimise chat',
  end: 'End chat',
  loading: 'Loading…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  ending: 'Ending chat…',
  waiting: 'Waiting for an agent…',
  wait: (s: number) => (s > 0 ? `Estimated wait: about ${Math.ceil(s / 60)} min` : s === 0 ? 'An agent will be with you shortly.' : ''),
  chattingWith: (name: string) => `Chatting with ${name}`,
  ended: 'The chat has ended.',
  log: 'Conversation',
  you: 'You',
  typing: (name: string) => `${name} is typing`,
  agent: 'Agent',
  newMessages: 'New messages',
  /** A visitor line waiting its turn, for an agent or for the connection. */
  queued: 'Waiting to send',
  /** A visitor line whose request is in flight. */
  sending: 'Sending…',
  notSent: 'Not sent',
  transferring: 'Your chat is being transferred. Please wait.',
  retry: 'Retry',
  message: 'Message',
  /** How many characters the draft may still have (negative: how many too many), said near the limit. */
  charsLeft: (n: number) => `${Math.abs(n)} character${n * n === 1 ? '' : 's'} ${n < 0 ? 'too many' : 'left'}`,
  send: 'Send',
  startChat: 'Start chat',
  submit: 'Submit',
  skip: 'Skip',
  required: 'required',
  choose: 'Choose…',
  errRequired: 'Please fill in this field.',
  errEmail: 'Please enter a valid email address.',
  errNumeric: 'Please enter a number.',
  thanks: 'Thank you for chatting with us.',
  email: 'Email',
  sendTranscript: 'Send transcript',
  transcriptSent: 'The transcript is on its way.',
  transcriptFailed: 'The transcript could not be sent. Please try again.',
  newChat: 'Start a new chat',
  offlineSend: 'Send message',
  offlineSent: 'Thank you. Your message was sent and we will get back to you.',
  noSurvey: 'No one is available to chat right now. Please try again later.',
  error: 'Something went wrong. Please try again.',
  /** A failure that trying again cannot mend. */
  errorFinal: 'Something went wrong.',
  errorEnd: 'The chat could not be ended here; it will close by itself.',
  errorNetwork: 'The chat service cannot be reached. Check your connection and try again.',
  errorSend: 'A message could not be sent.',
  errorLost: 'The connection to the chat was lost.',
  /** The visitor of an authenticated engagement could not be authenticated. */
  errorAuth: "We couldn't confirm who you are, so the chat could not start.",
  tryAgain: 'Try again',
  badAccount: 'This chat window is not set up correctly: the account is missing or invalid.',
  badConfig: 'This chat window is not set up correctly.',
};

export type Strings = typeof en;

const tables: Record<string, Strings> = { en };

/** The strings for a BCP 47 language tag (`en-US` → `en`), English when there is no table. */
export function stringsFor(lang: string): Strings {
  return tables[lang.toLowerCase().split('-')[0]] ?? en;
}
