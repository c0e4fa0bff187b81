import { expect } from '@open-wc/testing';
import { sanitizeHtml } from '../../src/sanitize/sanitize-html.js';

/** The sanitised nodes, in a detached box. */
const clean = (html: string) => {
  const nodes = sanitizeHtml(html);
  expect(nodes).to.be.instanceOf(DocumentFragment);
  const box = document.createElement('div');
  box.append(nodes!);
  return box;
};
/** The sanitised nodes, serialised (reading `innerHTML` is no sink). */
const out = (html: string) => clean(html).innerHTML;
const hrefs = (html: string) => [...clean(html).querySelectorAll('a')].map((a) => a.getAttribute('href'));
const attributes = (box: Element) => [...box.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().map((n) => `${el.localName}[${n}]`));

describe('sanitizeHtml: allowed', () => {
  it('keeps text formatting, paragraphs, line breaks, lists, quotes and code as written', () => {
    const html =
      '<p><b>b</b><i>i</i><em>e</em><strong>s</strong><u>u</u><s>x</s><br><code>c</code></p>' +
      '<ul><li>1</li></ul><ol><li>2</li></ol><blockquote>q</blockquote><pre>p</pre><span>s</span><div dir="rtl" lang="he">d</div>';
    expect(out(html)).to.equal(html);
  });

  it('keeps http, https, mailto and tel links, forced to open in a new tab without opener or referrer', () => {
    const box = clean('<a href="https://example.com/">1</a><a href="http://e.com" target="_self" rel="opener">2</a><a href="mailto:a@b.c">3</a><a href="TEL:+1">4</a><a>5</a>');
    expect([...box.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/', 'http://e.com', 'mailto:a@b.c', 'TEL:+1', null]);
    for (const a of box.querySelectorAll('a')) {
      expect(a.getAttributeNames().sort()).to.deep.equal(a.hasAttribute('href') ? ['href', 'rel', 'target'] : ['rel', 'target']);
      expect(a.getAttribute('target')).to.equal('_blank');
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
    }
  });

  it('keeps https images with their description, without sending the page address', () => {
    const box = clean('<img src="https://cdn.example.com/a.png" alt="A map" width="9999" height="9999" style="position:fixed" srcset="https://e.com/b.png 2x" onload="x()">');
    const img = box.querySelector('img')!;
    expect(img.getAttributeNames().sort()).to.deep.equal(['alt', 'referrerpolicy', 'src']);
    expect(img.getAttribute('src')).to.equal('https://cdn.example.com/a.png');
    expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
  });
});

describe('sanitizeHtml: refused', () => {
  it('drops script, style, frames, plugins, media, forms and form controls, page-level and unknown tags', () => {
    const box = clean(
      '<script>x()</script><style>*{}</style><iframe src="https://e.com"></iframe><frameset></frameset><object data="https://e.com"></object>' +
        '<embed src="https://e.com"><video src="https://e.com/v"></video><audio src="https://e.com/a"></audio><form action="https://e.com"><input name="q"><button>go</button>' +
        '<select><option>o</option></select><textarea>t</textarea></form><base href="https://e.com/"><meta http-equiv="refresh" content="0;url=https://e.com">' +
        '<link rel="stylesheet" href="https://e.com/x.css"><template><b>t</b></template><noscript>n</noscript><dialog open>d</dialog><details open><summary>s</summary></details>' +
        '<table><tr><td>cell</td></tr></table><h1>h</h1><marquee>m</marquee><lp-chat-window></lp-chat-window><x-y>custom</x-y>',
    );
    expect([...box.querySelectorAll('*')].map((el) => el.localName)).to.deep.equal([]);
    // The text of refused containers stays readable; the content of code and style containers goes.
    expect(box.textContent).to.contain('go').and.contain('cell').and.contain('custom').and.not.contain('x()').and.not.contain('*{}');
  });

  it('drops SVG and MathML with everything in them', () => {
    const box = clean('<svg><a href="https://e.com"><text>s</text></a><script>x()</script></svg><math><mi xlink:href="javascript:x()">m</mi></math>ok');
    expect(box.innerHTML).to.equal('ok');
  });

  it('drops every attribute but href, src, alt, dir and lang: no handlers, style, class, id, name, data-, aria-, role', () => {
    const box = clean(
      '<p onclick="x()" onmouseover="x()" style="position:fixed;inset:0" class="log" id="location" name="cookie" data-x="1" aria-hidden="true" role="img" ' +
        'tabindex="0" title="t" hidden contenteditable autofocus popover part="bubble" slot="s" is="x-y" draggable="true" accesskey="k">p</p>',
    );
    expect(attributes(box)).to.deep.equal([]);
  });

  it('keeps links off javascript:, data:, vbscript:, relative and scheme-relative URLs, however spelled', () => {
    expect(
      hrefs(
        [
          'javascript:x()',
          ' JaVaScRiPt:x()',
          'java\tscript:x()',
          'java&#x0A;script:x()',
          '&#106;avascript:x()',
          '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;x()',
          'javascript&colon;x()',
          '\x01javascript:x()',
          'data:text/html,<script>x()</script>',
          'DATA:text/html;base64,PHNjcmlwdD54KCk8L3NjcmlwdD4=',
          'vbscript:msgbox(1)',
          '/relative',
          '//evil.example/',
          'relative',
          '#top',
          'ftp://e.com/',
          'https:x',
        ]
          .map((href) => `<a href="${href}">l</a>`)
          .join(''),
      ),
    ).to.deep.equal([null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 'https:x']);
  });

  it('turns an image that may not load (not https) into its description', () => {
    const box = clean(
      ['http://e.com/a.png', 'data:image/png;base64,iVBORw0KGgo=', 'javascript:x()', '//e.com/a.png', 'a.png', 'https://e.com/ok.png']
        .map((src, i) => `<img src="${src}" alt="[${i}]">`)
        .join('') + '<img alt="[none]"><img src="x" onerror="x()">',
    );
    expect([...box.querySelectorAll('img')].map((img) => img.getAttribute('src'))).to.deep.equal(['https://e.com/ok.png']);
    expect(box.textContent).to.equal('[0][1][2][3][4][none]');
    expect(box.querySelector('img')!.getAttribute('alt')).to.equal('[5]');
  });

  it('leaves no DOM clobbering handle on the page', () => {
    const box = clean('<a id="location" name="cookie" href="https://e.com">a</a><img name="getElementById" src="https://e.com/i.png"><form name="body"><input name="attributes"></form>');
    document.body.append(box);
    try {
      expect(document.querySelectorAll('[id], [name]').length).to.equal(0);
      expect(typeof document.getElementById).to.equal('function');
      expect(document.cookie).to.be.a('string');
    } finally {
      box.remove();
    }
  });

  it('survives namespace confusion and mutation payloads without a handler or script', () => {
    const payloads = [
      '<noscript><p title="</noscript><img src=x onerror=x()>">',
      '<svg></p><style><a id="</style><img src=1 onerror=x()>">',
      '<math><mi><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=x()&gt;">',
      '<form><math><mtext></form><form><mglyph><style></math><img src onerror=x()>',
      '<template><style></template><img src=x onerror=x()></style></template>',
      '<title><img src=x onerror=x()></title>',
      '<textarea><img src=x onerror=x()></textarea>',
      '<xmp><img src=x onerror=x()></xmp>',
      '<iframe><img src=x onerror=x()></iframe>',
      '<noembed><img src=x onerror=x()></noembed>',
      '<svg><foreignObject><img src=x onerror=x()></foreignObject></svg>',
      `${'<div>'.repeat(600)}<img src=x onerror=x()>`,
    ];
    for (const payload of payloads) {
      const box = clean(payload);
      expect(attributes(box).filter((a) => /\[on/.test(a)), payload).to.deep.equal([]);
      expect(box.querySelectorAll('script, style, svg, math, iframe, img').length, payload).to.equal(0);
    }
  });

  it('returns nodes, never a string; nothing for a frameset document, which has no body', () => {
    expect(sanitizeHtml('plain text')).to.be.instanceOf(DocumentFragment);
    expect(sanitizeHtml('')!.childNodes.length).to.equal(0);
    expect(sanitizeHtml('<frameset onload="x()"><frame src="javascript:x()"></frameset>')).to.equal(null);
  });
});
