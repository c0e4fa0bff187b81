/// <reference types="vite/client" />
// The demo page: points the window at the relay `npm start` mounts on this origin (in front of the
// emulator), switches themes and shows the element's status and events. Attributes are set before
// the element is defined, because the window reads its configuration when it first connects.
const chat = document.querySelector('lp-chat-window')!;
const env = import.meta.env;
if (env.VITE_RELAY) chat.setAttribute('relay', env.VITE_RELAY);
if (env.VITE_ACCOUNT) chat.setAttribute('account', env.VITE_ACCOUNT);

await import('../src/index.js');

// The second demo page has neither panel: the chat alone follows the visitor there.
const status = document.querySelector('#status') ?? document.createElement('output');
const events = document.querySelector('#events') ?? document.createElement('ol');

function log(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  events.prepend(item);
  while (events.children.length > 8) events.lastElementChild!.remove();
}

chat.addEventListener('lp-status-change', (e) => {
  status.textContent = e.detail.status;
  log(`lp-status-change ${e.detail.previous} → ${e.detail.status}`);
});
chat.addEventListener('lp-open', (e) => log(`lp-open (${e.detail.source})`));
chat.addEventListener('lp-close', (e) => log(`lp-close (${e.detail.source})`));
chat.addEventListener('lp-message', (e) => log(`lp-message ${e.detail.message.source}: ${e.detail.message.text.slice(0, 40)}`));
chat.addEventListener('lp-send', (e) => log(`lp-send "${e.detail.text.slice(0, 40)}"`));
chat.addEventListener('lp-error', (e) => log(`lp-error ${e.detail.code} during ${e.detail.during}`));
status.textContent = chat.status;

document.querySelector('#open')?.addEventListener('click', () => chat.open());
document.querySelector('#close')?.addEventListener('click', () => chat.close());
document.querySelector('#end')?.addEventListener('click', () => chat.endChat());

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=theme]')) {
  radio.addEventListener('change', () => {
    document.documentElement.dataset.theme = radio.value;
  });
}
