// A stand-in for LivePerson's Web Tag (lpTag) on a monitored page. The real tag monitors the visit,
// shows the engagements of the campaigns the visitor is eligible for, and, when the visitor clicks
// an engagement whose window is an "API-based window", calls that window's JS method in its JS
// context with the engagement's data. This one shows one engagement button and calls the method
// the same way, with fixed ids (query `web-tag-method` / `web-tag-context` say which method: the
// names configured for the window in LivePerson's window gallery).
(() => {
  const params = new URLSearchParams(location.search);
  const method = params.get('web-tag-method') ?? params.get('js-method-name') ?? 'lpStartChat';
  const context = params.get('web-tag-context') ?? params.get('js-context') ?? 'window';
  /** What the Web Tag passes: the monitoring visitor, session and context ids, the engagement and campaign. */
  window.fakeWebTagData = { svid: 'WTvisitor0001', ssid: 'WTsession0001', scid: '7', eid: 3562981110, cid: 3562981010, lang: 'en-US', skill: 'Sales' };
  window.fakeWebTagCalls = 0;
  const button = document.createElement('button');
  button.id = 'lp-web-tag-engagement';
  button.textContent = 'Chat now (Web Tag)';
  button.addEventListener('click', () => {
    let target = window;
    for (const key of context.split('.')) if (key !== 'window' || target !== window) target = target?.[key];
    window.fakeWebTagCalls++;
    target[method](window.fakeWebTagData);
  });
  document.body.append(button);
})();
