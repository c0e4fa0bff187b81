import type { Strings } from '../strings.js';

const plural = new Intl.PluralRules('he');

/** Hebrew (right to left; addressing the visitor in the plural, which reads as neutral). */
const he: Strings = {
  lang: 'he',
  dir: 'rtl',
  launcher: 'דברו איתנו בצ׳אט',
  offline: 'השאירו הודעה',
  unread: (n) => {
    const rule = plural.select(n);
    return rule === 'one' ? 'הודעה אחת שלא נקראה' : rule === 'two' ? 'שתי הודעות שלא נקראו' : `${n} הודעות שלא נקראו`;
  },
  comma: ', ',
  title: 'צ׳אט',
  close: 'מזעור הצ׳אט',
  end: 'סיום הצ׳אט',
  endConfirm: 'לסיים את הצ׳אט?',
  keepChatting: 'המשך הצ׳אט',
  loading: 'בטעינה…',
  connecting: 'מתחברים…',
  reconnecting: 'מתחברים מחדש…',
  ending: 'הצ׳אט מסתיים…',
  waiting: 'ממתינים לנציג…',
  wait: (duration) => `זמן המתנה משוער: בערך ${duration}`,
  waitShort: 'נציג יהיה איתכם בעוד רגע.',
  chattingWith: (name) => `בצ׳אט עם ${name}`,
  ended: 'הצ׳אט הסתיים.',
  log: 'שיחה',
  you: 'אתם',
  typing: (name) => `${name} מקליד/ה`,
  agent: 'נציג',
  newMessages: 'הודעות חדשות',
  queued: 'ממתינה לשליחה',
  sending: 'בשליחה…',
  notSent: 'לא נשלחה',
  transferring: 'הצ׳אט שלכם מועבר. נא להמתין.',
  retry: 'שליחה חוזרת',
  message: 'הודעה',
  charsLeft: (n) => {
    const m = Math.abs(n);
    if (n < 0) return m === 1 ? 'תו אחד מעבר למגבלה' : `${m} תווים מעבר למגבלה`;
    return m === 1 ? 'נותר תו אחד' : `נותרו ${m} תווים`;
  },
  send: 'שליחה',
  startChat: 'התחלת צ׳אט',
  submit: 'שליחה',
  skip: 'דילוג',
  required: 'שדה חובה',
  choose: 'בחירה…',
  errRequired: 'נא למלא את השדה הזה.',
  errEmail: 'נא להזין כתובת אימייל תקינה.',
  errNumeric: 'נא להזין מספר.',
  thanks: 'תודה ששוחחתם איתנו.',
  email: 'אימייל',
  sendTranscript: 'שליחת תמליל השיחה',
  transcriptSent: 'תמליל השיחה בדרך אליכם.',
  transcriptFailed: 'לא ניתן היה לשלוח את תמליל השיחה. נא לנסות שוב.',
  newChat: 'התחלת צ׳אט חדש',
  offlineSend: 'שליחת הודעה',
  offlineSent: 'תודה. ההודעה שלכם נשלחה, ונחזור אליכם.',
  noSurvey: 'אין כרגע נציג פנוי לצ׳אט. נא לנסות שוב מאוחר יותר.',
  error: 'משהו השתבש. נא לנסות שוב.',
  errorFinal: 'משהו השתבש.',
  errorEnd: 'לא ניתן היה לסיים את הצ׳אט מכאן; הוא ייסגר מעצמו.',
  errorNetwork: 'אין גישה לשירות הצ׳אט. נא לבדוק את החיבור ולנסות שוב.',
  errorSend: 'לא ניתן היה לשלוח הודעה.',
  errorLost: 'החיבור לצ׳אט נותק.',
  errorAuth: 'לא הצלחנו לאמת את זהותכם, ולכן לא ניתן היה להתחיל את הצ׳אט.',
  tryAgain: 'לנסות שוב',
  badAccount: 'חלון הצ׳אט הזה לא מוגדר כראוי: החשבון חסר או לא תקין.',
  badConfig: 'חלון הצ׳אט הזה לא מוגדר כראוי.',
};

export default he;
