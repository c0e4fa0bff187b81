// deep-chat, the peer: visible once its input shows; lines added through its API.
const shadow = () => document.querySelector('deep-chat')?.shadowRoot;
bench.visible = () => shadow()?.querySelector('#text-input')?.checkVisibility() ?? false;
bench.lastLine = () => {
  // Lines sit in #messages, some of them inside a group.
  const last = shadow()?.querySelector('#messages')?.lastElementChild;
  return last && !last.classList.contains('outer-message-container') ? last.lastElementChild : last;
};
/** Adds `texts` as agent lines in batches of `batch`, one batch per task, as polls would bring them. */
bench.feedPeer = async (texts, batch) => {
  const el = document.querySelector('deep-chat');
  for (let i = 0; i < texts.length; i += batch) {
    for (const text of texts.slice(i, i + batch)) el.addMessage({ role: 'ai', text });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
};
