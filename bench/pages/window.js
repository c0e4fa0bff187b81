// Embeds the window as a brand does, configured from the query (account, csds, timing as JSON).
const params = new URLSearchParams(location.search);
const shadow = () => document.querySelector('lp-chat-window')?.shadowRoot;
bench.visible = () => shadow()?.querySelector('.launcher')?.checkVisibility() ?? false;
/** The last line of the transcript (lines may sit in blocks). */
bench.lastLine = () => {
  let node = shadow()?.querySelector('[role=log]')?.lastElementChild;
  while (node && node.localName !== 'lp-chat-message') node = node.lastElementChild;
  return node;
};
window.addEventListener('DOMContentLoaded', () => {
  const el = document.createElement('lp-chat-window');
  el.setAttribute('account', params.get('account') ?? '123456');
  for (const name of ['csds', 'persist']) if (params.get(name)) el.setAttribute(name, params.get(name));
  if (params.get('timing')) el.timing = JSON.parse(params.get('timing'));
  document.body.append(el);
});
