/** The agent lines every transcript bench shows, ours and the peer's alike: plain text of varied length. */
const SENTENCES = [
  'Thanks for waiting.',
  'Let me check that order for you, it should only take a moment.',
  'Your parcel left our warehouse yesterday and is with the courier now.',
  'Could you confirm the email address on the account, please?',
  'I have applied the discount; the new total shows on your next invoice, and you will get an email about it as well.',
  'Is there anything else I can help you with today?',
];

/** Line `n` (from 1): "Line n. " and one of the sentences, so the bench can tell which line is last. */
export const lineText = (n: number): string => `Line ${n}. ${SENTENCES[n % SENTENCES.length]}`;

export const lineTexts = (count: number): string[] => Array.from({ length: count }, (_, i) => lineText(i + 1));
