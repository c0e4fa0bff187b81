import { enLauncher } from './locale.js';

/**
 * Every text the window shows or announces, one table per language. English is built in: the
 * first stage holds the words it shows itself (`enLauncher`), the conversation the rest. The
 * others (`locales/*.ts`, typed `Strings`, so a table missing a key does not compile) are chunks
 * of their own, loaded when the window speaks their language (see `locale.ts`).
 */
export const en = {
  ...enLauncher,
  end: 'End chat',
  /** Asked when the visitor presses End chat, answered with `end` or `keepChatting`. */
  endConfirm: 'End this chat?',
  keepChatting: 'Keep chatting',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  ending: 'Ending chat…',
  waiting: 'Waiting for an agent…',
  /** The estimated wait, a duration in words from `formatMinutes` ("5 minutes"). */
  wait: (duration: string) => `Estimated wait: about ${duration}`,
  /** The platform expects no wait. */
  waitShort: 'An agent will be with you shortly.',
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
  errorSend: 'A message could not be sent.',
  errorLost: 'The connection to the chat was lost.',
  /** The visitor of an authenticated engagement could not be authenticated. */
  errorAuth: "We couldn't confirm who you are, so the chat could not start.",
  badAccount: 'This chat window is not set up correctly: the account is missing or invalid.',
  badConfig: 'This chat window is not set up correctly.',
};

export type Strings = typeof en;
