import type { Strings } from '../strings.js';

const plural = new Intl.PluralRules('fr');

/** French (addressing the visitor as « vous »; a narrow no-break space before : ; ? !). */
const fr: Strings = {
  lang: 'fr',
  dir: 'ltr',
  launcher: 'Discutez avec nous',
  offline: 'Laisser un message',
  // French counts 0 and 1 in the singular; "many" (millions) takes "de".
  unread: (n) => {
    const rule = plural.select(n);
    return rule === 'one' ? `${n} message non lu` : rule === 'many' ? `${n} de messages non lus` : `${n} messages non lus`;
  },
  comma: ', ',
  title: 'Chat',
  close: 'Réduire le chat',
  end: 'Terminer le chat',
  endConfirm: 'Terminer ce chat ?',
  keepChatting: 'Continuer le chat',
  loading: 'Chargement…',
  connecting: 'Connexion…',
  reconnecting: 'Reconnexion…',
  ending: 'Fin du chat en cours…',
  waiting: 'En attente d’un conseiller…',
  wait: (duration) => `Attente estimée\u202f: environ ${duration}`,
  waitShort: 'Un conseiller va vous répondre dans un instant.',
  chattingWith: (name) => `En discussion avec ${name}`,
  ended: 'Le chat est terminé.',
  log: 'Conversation',
  you: 'Vous',
  typing: (name) => `${name} écrit`,
  agent: 'Conseiller',
  newMessages: 'Nouveaux messages',
  queued: 'En attente d’envoi',
  sending: 'Envoi…',
  notSent: 'Non envoyé',
  transferring: 'Votre chat est en cours de transfert. Veuillez patienter.',
  retry: 'Renvoyer',
  message: 'Message',
  charsLeft: (n) => {
    const m = Math.abs(n);
    const one = plural.select(m) === 'one';
    return n < 0 ? `${m} caractère${one ? '' : 's'} en trop` : one ? `${m} caractère restant` : `${m} caractères restants`;
  },
  send: 'Envoyer',
  startChat: 'Démarrer le chat',
  submit: 'Valider',
  skip: 'Passer',
  required: 'obligatoire',
  choose: 'Choisissez…',
  errRequired: 'Veuillez remplir ce champ.',
  errEmail: 'Veuillez saisir une adresse e-mail valide.',
  errNumeric: 'Veuillez saisir un nombre.',
  thanks: 'Merci d’avoir discuté avec nous.',
  email: 'E-mail',
  sendTranscript: 'Envoyer la transcription',
  transcriptSent: 'La transcription est en route.',
  transcriptFailed: 'La transcription n’a pas pu être envoyée. Veuillez réessayer.',
  newChat: 'Démarrer un nouveau chat',
  offlineSend: 'Envoyer le message',
  offlineSent: 'Merci. Votre message a bien été envoyé, nous reviendrons vers vous.',
  noSurvey: 'Personne n’est disponible pour discuter pour le moment. Veuillez réessayer plus tard.',
  error: 'Un problème est survenu. Veuillez réessayer.',
  errorFinal: 'Un problème est survenu.',
  errorEnd: 'Le chat n’a pas pu être terminé ici\u202f; il se fermera de lui-même.',
  errorNetwork: 'Le service de chat est injoignable. Vérifiez votre connexion et réessayez.',
  errorSend: 'Un message n’a pas pu être envoyé.',
  errorLost: 'La connexion au chat a été perdue.',
  errorAuth: 'Nous n’avons pas pu confirmer votre identité, le chat n’a donc pas pu démarrer.',
  tryAgain: 'Réessayer',
  badAccount: 'Cette fenêtre de chat est mal configurée\u202f: le compte est absent ou invalide.',
  badConfig: 'Cette fenêtre de chat est mal configurée.',
};

export default fr;
