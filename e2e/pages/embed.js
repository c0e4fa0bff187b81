// How a brand embeds the window. The test passes the platform address and options in the query
// string; a brand would write the attributes inline.
const params = new URLSearchParams(location.search);
window.addEventListener('DOMContentLoaded', () => {
  const el = document.createElement('lp-chat-window');
  el.setAttribute('account', params.get('account') ?? '123456');
  for (const name of ['csds', 'skill', 'relay', 'persist', 'app-key-in', 'lang', 'sections', 'visitor-name', 'engagement-attributes', 'consent', 'js-method-name', 'js-context', 'auth-fallback', 'max-length', 'agent-avatar', 'notify-title', 'notify-sound']) {
    const value = params.get(name);
    if (value !== null) el.setAttribute(name, value);
  }
  if (params.get('timing')) el.timing = JSON.parse(params.get('timing'));
  // The brand's sign-in: a page whose visitor is signed in gives the window their key for an
  // authenticated engagement (the tests expose `brandGetAuthCode`, which signs a token or hands a code).
  if (typeof window.brandGetAuthCode === 'function') el.getAuthCode = () => window.brandGetAuthCode();
  document.body.append(el);
  // A page tagged with LivePerson's Web Tag (the monitored flow): the fake tag stands in for it.
  if (params.get('web-tag') !== null) {
    const tag = document.createElement('script');
    tag.src = '/fake-web-tag.js';
    document.head.append(tag);
  }
  // What the very first render showed (a kept chat must show at once, without a launcher flash).
  el.updateComplete.then(() => {
    window.firstRender = { status: el.status, open: el.isOpen };
  });
});
