import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LpChatSurvey } from '../../components/chat-survey/chat-survey.js';
import type { Survey, SurveyAnswers } from '../../src/api/types.js';
import '../helpers/views.js';
import { entries, question } from '../helpers/fake-chat-api.js';

const survey: Survey = {
  id: '1',
  title: 'About you',
  header: 'A few questions',
  questions: [
    question({ id: 'topic', order: 0, label: 'Topic', type: 'dropdown', mandatory: true, entries: entries('Billing', 'Sales') }),
    question({
      id: 'contact',
      order: 1,
      label: 'Contact by',
      type: 'radio',
      entries: [
        { value: 'phone', label: 'Phone', checked: false, showLogicIds: ['10'] },
        { value: 'mail', label: 'Email', checked: true, showLogicIds: ['11'] },
      ],
    }),
    question({ id: 'phone', order: 2, logicId: '10', label: 'Phone number', validation: 'numeric', mandatory: true }),
    question({ id: 'mail', order: 3, logicId: '11', label: 'Email address', validation: 'email', lastKnownValue: 'ada@example.com' }),
    question({ id: 'size', order: 4, label: 'Size', type: 'radio-side-by-side', entries: entries('S', 'M', 'L') }),
    question({
      id: 'likes',
      order: 5,
      label: 'Interests',
      type: 'checkbox',
      mandatory: true,
      entries: [...entries('News', 'Offers'), { value: 'Events', label: 'Events', checked: true, showLogicIds: [] }],
    }),
    question({ id: 'note', order: 6, label: 'Anything else?', type: 'textarea' }),
  ],
};

async function render(s: Survey = survey, skip = ''): Promise<LpChatSurvey> {
  return fixture<LpChatSurvey>(html`<lp-chat-survey .survey=${s} .submitLabel=${'Start chat'} .skipLabel=${skip}></lp-chat-survey>`);
}

const field = <T extends HTMLElement = HTMLInputElement>(el: Element, q: string) => el.querySelector<T>(`[data-q="${q}"]`)!;
const labels = (el: Element) => [...el.querySelectorAll('label[for], legend')].map((l) => l.textContent!.replace(/\s+/g, ' ').trim());

function type(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

async function submit(el: LpChatSurvey): Promise<void> {
  el.querySelector<HTMLButtonElement>('button:not([type=button])')!.click();
  await el.updateComplete;
}

describe('<lp-chat-survey>', () => {
  it('renders every question type as labelled controls', async () => {
    const el = await render();
    expect(el.querySelector('h3')!.textContent).to.equal('About you');
    expect(labels(el)).to.deep.equal(['Topic*', 'Contact by', 'Email address', 'Size', 'Interests*(required)', 'Anything else?']);
    expect(field(el, 'topic').tagName).to.equal('SELECT');
    expect([...field<HTMLSelectElement>(el, 'topic').options].map((o) => o.text)).to.deep.equal(['Choose…', 'Billing', 'Sales']);
    expect(el.querySelectorAll('input[type=radio][data-q=contact]')).to.have.length(2);
    expect(el.querySelector('[data-q=contact]')!.closest('fieldset')!.getAttribute('role')).to.equal('radiogroup');
    expect(field(el, 'size').closest('.survey__options')!.classList.contains('survey__options--inline')).to.equal(true);
    expect(el.querySelectorAll('input[type=checkbox][data-q=likes]')).to.have.length(3);
    expect(field(el, 'mail').type).to.equal('email');
    expect(field(el, 'note').tagName).to.equal('TEXTAREA');
    expect(el.querySelector('button')!.textContent).to.equal('Start chat');
    await expect(el).to.be.accessible();
  });

  it('marks mandatory questions with aria-required and a visible marker', async () => {
    const el = await render();
    expect(field(el, 'topic').getAttribute('aria-required')).to.equal('true');
    expect(field(el, 'note').hasAttribute('aria-required')).to.equal(false);
    const marker = el.querySelector('label[for] .survey__required')!;
    expect(marker.textContent).to.equal('*');
    expect(marker.getAttribute('aria-hidden')).to.equal('true');
  });

  it('pre-fills checked entries and last known values', async () => {
    const el = await render();
    expect(el.querySelector<HTMLInputElement>('input[data-q=contact][value=mail]')!.checked).to.equal(true);
    expect(field(el, 'mail').value).to.equal('ada@example.com');
    expect(el.querySelector<HTMLInputElement>('input[data-q=likes][value=Events]')!.checked).to.equal(true);
  });

  it('shows a conditional question only while the entry revealing it is selected', async () => {
    const el = await render();
    expect(field(el, 'phone')).to.equal(null);
    el.querySelector<HTMLInputElement>('input[data-q=contact][value=phone]')!.click();
    await el.updateComplete;
    expect(field(el, 'phone')).to.exist;
    expect(field(el, 'mail')).to.equal(null);
  });

  it('shows questions whose logicId no entry refers to (every question may carry one)', async () => {
    const el = await render({
      id: '5',
      title: '',
      header: '',
      questions: [
        question({ id: 'a', logicId: '1', label: 'Name' }),
        question({ id: 'b', logicId: '2', order: 1, label: 'Reason', type: 'radio', entries: entries('x') }),
      ],
    });
    expect(labels(el)).to.deep.equal(['Name', 'Reason']);
  });

  it('on submit, shows inline errors linked by aria-describedby and focuses the first invalid field', async () => {
    const el = await render();
    type(field(el, 'mail'), 'nope');
    el.querySelector<HTMLInputElement>('input[data-q=likes][value=Events]')!.click();
    let submitted = false;
    el.addEventListener('chat-answers', () => (submitted = true));
    await submit(el);
    expect(submitted).to.equal(false);
    const topic = field(el, 'topic');
    expect(topic.getAttribute('aria-invalid')).to.equal('true');
    expect(el.querySelector(`#${CSS.escape(topic.getAttribute('aria-describedby')!)}`)!.textContent).to.equal('Please fill in this field.');
    expect(field(el, 'mail').getAttribute('aria-invalid')).to.equal('true');
    expect(el.querySelector(`#${CSS.escape(field(el, 'mail').getAttribute('aria-describedby')!)}`)!.textContent).to.equal(
      'Please enter a valid email address.',
    );
    const group = field(el, 'likes').closest('fieldset')!;
    expect(group.getAttribute('aria-invalid')).to.equal('true');
    expect(group.getAttribute('aria-describedby')).to.match(/error$/);
    expect(document.activeElement).to.equal(topic);
    await expect(el).to.be.accessible();
    type(field(el, 'mail'), 'ada@example.org');
    await el.updateComplete;
    expect(field(el, 'mail').hasAttribute('aria-invalid')).to.equal(false);
  });

  it('validates numbers', async () => {
    const el = await render({
      id: '2',
      title: '',
      header: '',
      questions: [question({ id: 'n', label: 'Order number', validation: 'numeric' })],
    });
    type(field(el, 'n'), '12a');
    await submit(el);
    expect(el.querySelector('.survey__error')!.textContent).to.equal('Please enter a number.');
    type(field(el, 'n'), '1234');
    const answers = oneEvent(el, 'chat-answers');
    await submit(el);
    expect((await answers).detail).to.deep.equal({ n: '1234' });
  });

  it('submits the answers of visible questions only, checkboxes as lists', async () => {
    const el = await render();
    const select = field<HTMLSelectElement>(el, 'topic');
    select.value = 'Sales';
    select.dispatchEvent(new Event('input', { bubbles: true }));
    el.querySelector<HTMLInputElement>('input[data-q=likes][value=News]')!.click();
    el.querySelector<HTMLInputElement>('input[data-q=size][value=M]')!.click();
    type(field(el, 'note'), '  thanks  ');
    const answers = oneEvent(el, 'chat-answers');
    await submit(el);
    expect((await answers).detail as SurveyAnswers).to.deep.equal({
      topic: 'Sales',
      contact: 'mail',
      mail: 'ada@example.com',
      size: 'M',
      likes: ['News', 'Events'],
      note: 'thanks',
    });
  });

  it('is operated by keyboard: arrow keys pick a radio, space a checkbox, Enter submits', async () => {
    const el = await render({
      id: '3',
      title: '',
      header: '',
      questions: [
        question({ id: 'r', label: 'Rating', type: 'radio', entries: entries('1', '2', '3') }),
        question({ id: 'c', order: 1, label: 'Agree', type: 'checkbox', entries: entries('yes') }),
        question({ id: 't', order: 2, label: 'Name' }),
      ],
    });
    el.querySelector<HTMLInputElement>('input[data-q=r]')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Ada' });
    const answers = oneEvent(el, 'chat-answers');
    await sendKeys({ press: 'Enter' });
    expect((await answers).detail).to.deep.equal({ r: '2', c: ['yes'], t: 'Ada' });
  });

  it('offers Skip when allowed', async () => {
    const el = await render(survey, 'Skip');
    const skip = el.querySelector<HTMLButtonElement>('button[type=button]')!;
    expect(skip.textContent).to.equal('Skip');
    const skipped = oneEvent(el, 'chat-skip');
    skip.click();
    await skipped;
    const plain = await render(survey);
    expect(plain.querySelector('button[type=button]')).to.equal(null);
  });

  it('ignores a second submit while busy', async () => {
    const el = await render({ id: '4', title: '', header: '', questions: [question({ id: 'a', label: 'A' })] });
    el.busy = true;
    await el.updateComplete;
    let count = 0;
    el.addEventListener('chat-answers', () => count++);
    await submit(el);
    expect(count).to.equal(0);
    expect(el.querySelector('button')!.getAttribute('aria-disabled')).to.equal('true');
  });
});
