import type { Strings } from '../strings.js';

const plural = new Intl.PluralRules('es');

/** Spanish (neutral, addressing the visitor as «tú»). */
const es: Strings = {
  lang: 'es',
  dir: 'ltr',
  launcher: 'Chatea con nosotros',
  offline: 'Deja un mensaje',
  // Millions take "de" ("1000000 de mensajes").
  unread: (n) => {
    const rule = plural.select(n);
    return rule === 'one' ? `${n} mensaje sin leer` : rule === 'many' ? `${n} de mensajes sin leer` : `${n} mensajes sin leer`;
  },
  comma: ', ',
  title: 'Chat',
  close: 'Minimizar chat',
  end: 'Finalizar chat',
  endConfirm: '¿Finalizar este chat?',
  keepChatting: 'Seguir chateando',
  loading: 'Cargando…',
  connecting: 'Conectando…',
  reconnecting: 'Reconectando…',
  ending: 'Finalizando el chat…',
  waiting: 'Esperando a un agente…',
  wait: (duration) => `Tiempo de espera estimado: aproximadamente ${duration}`,
  waitShort: 'Un agente te atenderá en breve.',
  chattingWith: (name) => `Chateando con ${name}`,
  ended: 'El chat ha finalizado.',
  log: 'Conversación',
  you: 'Tú',
  typing: (name) => `${name} está escribiendo`,
  agent: 'Agente',
  newMessages: 'Mensajes nuevos',
  queued: 'Pendiente de envío',
  sending: 'Enviando…',
  notSent: 'No enviado',
  transferring: 'Estamos transfiriendo tu chat. Espera un momento, por favor.',
  retry: 'Reintentar',
  message: 'Mensaje',
  charsLeft: (n) => {
    const m = Math.abs(n);
    const one = plural.select(m) === 'one';
    return n < 0 ? (one ? `${m} carácter de más` : `${m} caracteres de más`) : one ? `Queda ${m} carácter` : `Quedan ${m} caracteres`;
  },
  send: 'Enviar',
  startChat: 'Iniciar chat',
  submit: 'Enviar',
  skip: 'Omitir',
  required: 'obligatorio',
  choose: 'Elige una opción…',
  errRequired: 'Completa este campo.',
  errEmail: 'Escribe una dirección de correo electrónico válida.',
  errNumeric: 'Escribe un número.',
  thanks: 'Gracias por chatear con nosotros.',
  email: 'Correo electrónico',
  sendTranscript: 'Enviar transcripción',
  transcriptSent: 'La transcripción está en camino.',
  transcriptFailed: 'No se pudo enviar la transcripción. Inténtalo de nuevo.',
  newChat: 'Iniciar un chat nuevo',
  offlineSend: 'Enviar mensaje',
  offlineSent: 'Gracias. Tu mensaje se ha enviado y nos pondremos en contacto contigo.',
  noSurvey: 'Ahora mismo no hay nadie disponible para chatear. Inténtalo más tarde.',
  error: 'Algo salió mal. Inténtalo de nuevo.',
  errorFinal: 'Algo salió mal.',
  errorEnd: 'No se pudo finalizar el chat desde aquí; se cerrará solo.',
  errorNetwork: 'No se puede acceder al servicio de chat. Comprueba tu conexión e inténtalo de nuevo.',
  errorSend: 'No se pudo enviar un mensaje.',
  errorLost: 'Se perdió la conexión con el chat.',
  errorAuth: 'No pudimos confirmar tu identidad, así que el chat no pudo iniciarse.',
  tryAgain: 'Volver a intentarlo',
  badAccount: 'Esta ventana de chat no está bien configurada: falta la cuenta o no es válida.',
  badConfig: 'Esta ventana de chat no está bien configurada.',
};

export default es;
