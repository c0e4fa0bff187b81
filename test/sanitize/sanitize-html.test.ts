import { expect } from '@open-wc/testing';
import { sanitizeHtml } from '../../src/sanitize/sanitize-html.js';

const parse = (html: string) => {
  const box = document.createElement('div');
  box.innerHTML = sanitizeHtml(html);
  return box;
};

describe('sanitizeHtml', () => {
  it('keeps formatting and safe links, forcing a new tab without opener', () => {
    const box = parse('<p dir="ltr"><b>Hi</b> <a href="https://example.com/">site</a> <a href="mailto:a@b.c">mail</a></p>');
    expect(box.querySelector('p')!.getAttribute('dir')).to.equal('ltr');
    expect(box.querySelector('b')!.textContent).to.equal('Hi');
    for (const a of box.querySelectorAll('a')) {
      expect(a.getAttribute('target')).to.equal('_blank');
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
    }
    expect([...box.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://example.com/',
      'mailto:a@b.c',
    ]);
  });

  it('drops scripts, handlers, styles, frames, images and unsafe or relative links', () => {
    const box = parse(
      '<script>x()</script><img src="data:," onerror="x()"><iframe src="https://e.com"></iframe>' +
        '<span style="position:fixed" onclick="x()">s</span><a href="javascript:x()">j</a><a href="/relative">r</a>',
    );
    expect(box.querySelectorAll('script, img, iframe, style')).to.have.length(0);
    const span = box.querySelector('span')!;
    expect(span.getAttributeNames()).to.deep.equal([]);
    expect([...box.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([null, null]);
  });

  it('drops aria-* and data-* attributes, which could hide or relabel content for screen readers', () => {
    const box = parse('<p aria-hidden="true" data-x="1"><span aria-label="Your order is cancelled" role="img">ok</span></p>');
    expect(box.querySelector('p')!.getAttributeNames()).to.deep.equal([]);
    expect(box.querySelector('span')!.getAttributeNames()).to.deep.equal([]);
  });
});
