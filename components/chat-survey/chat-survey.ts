import { html, nothing, type PropertyValues } from 'lit';
import type { Survey, SurveyAnswers, SurveyQuestion, ValidationType } from '../../src/api/types.js';
import { LightElement } from '../shared/light-element.js';

/** Format checks of text answers, by the question's `validation`. */
const RULES: Partial<Record<ValidationType, [RegExp, 'errEmail' | 'errNumeric']>> = {
  email: [/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'errEmail'],
  numeric: [/^[+-]?\d+(?:[.,]\d+)?$/, 'errNumeric'],
};
let instances = 0;

/**
 * A survey (pre-chat, exit, offline, or the transcript form) as a labelled form: every question
 * type, mandatory markers, email/number validation with inline errors, and conditional questions
 * (shown only while an entry that reveals them is selected; hidden answers are not submitted).
 *
 * @internal
 * @csspart survey - the form
 * @fires chat-answers - (internal) valid answers of the visible questions; detail: SurveyAnswers
 * @fires chat-skip - (internal) the visitor skipped the survey
 */
export class LpChatSurvey extends LightElement {
  static override properties = {
    survey: { attribute: false },
    submitLabel: {},
    skipLabel: {},
    busy: { type: Boolean },
    values: { state: true },
    errors: { state: true },
  };
  survey: Survey | null = null;
  /** Text of the submit button. */
  submitLabel = '';
  /** Text of a skip button; no skip button when empty. */
  skipLabel = '';
  /** Set while the answers are being sent: submitting again does nothing. */
  busy = false;
  private values: SurveyAnswers = {};
  /** Error message by question id ('' or absent: valid). */
  private errors: Record<string, string> = {};
  readonly #uid = `s${++instances}-`;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('survey')) return;
    this.errors = {};
    this.values = Object.fromEntries(
      (this.survey?.questions ?? []).map((q) => {
        const on = q.entries.filter((e) => e.checked).map((e) => e.value);
        return [q.id, q.type === 'checkbox' ? on : (on[0] ?? q.lastKnownValue)];
      }),
    );
  }

  /** The question's answer as a list, blank answers left out. */
  #picked(q: SurveyQuestion): string[] {
    return [this.values[q.id] ?? ''].flat().filter((v) => v.trim());
  }

  /**
   * Every question may carry a logicId; it is conditional only when an entry of another question
   * reveals that id, and then shows while such an entry is selected in a visible question.
   */
  #shown(q: SurveyQuestion, depth = 0): boolean {
    const id = q.logicId;
    let conditional = false;
    for (const o of this.survey!.questions) {
      for (const e of o.entries) {
        if (o === q || !id || !e.showLogicIds.includes(id)) continue;
        conditional = true;
        if (depth < 8 && this.#picked(o).includes(e.value) && this.#shown(o, depth + 1)) return true;
      }
    }
    return !conditional;
  }

  #check(q: SurveyQuestion): string {
    const [v] = this.#picked(q);
    const rule = (q.type === 'text' || q.type === 'textarea') && RULES[q.validation];
    return !v ? (q.mandatory ? this.t.errRequired : '') : rule && !rule[0].test(v.trim()) ? this.t[rule[1]] : '';
  }

  #handleInput(e: Event): void {
    const el = e.target as HTMLInputElement;
    const q = this.survey?.questions.find((x) => x.id === el.dataset.q);
    if (!q) return;
    const value =
      el.type === 'checkbox'
        ? [...this.querySelectorAll<HTMLInputElement>(`[name="${this.#uid}${CSS.escape(q.id)}"]:checked`)].map((c) => c.value)
        : el.value;
    this.values = { ...this.values, [q.id]: value };
    if (this.errors[q.id]) this.errors = { ...this.errors, [q.id]: this.#check(q) };
  }

  async #handleSubmit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy || !this.survey) return;
    const visible = this.survey.questions.filter((q) => this.#shown(q));
    const errors = (this.errors = Object.fromEntries(visible.map((q) => [q.id, this.#check(q)])));
    const invalid = visible.find((q) => errors[q.id]);
    if (invalid) {
      await this.updateComplete;
      this.querySelector<HTMLElement>(`[data-q="${CSS.escape(invalid.id)}"]`)!.focus();
    } else {
      const answer = (v: string | string[] = '') => (typeof v === 'string' ? v.trim() : v);
      this.fire('chat-answers', Object.fromEntries(visible.map((q) => [q.id, answer(this.values[q.id])])));
    }
  }

  #renderQuestion(q: SurveyQuestion) {
    const { t } = this;
    const id = this.#uid + q.id;
    const error = this.errors[q.id];
    const described = error ? `${id}-error` : nothing;
    const invalid = error ? 'true' : nothing;
    const required = q.mandatory ? 'true' : nothing;
    const v = this.values[q.id];
    const text = typeof v === 'string' ? v : '';
    const mark = q.mandatory ? html`<span class="survey__required" aria-hidden="true">*</span>` : '';
    const message = error ? html`<p class="survey__error" id="${id}-error">${error}</p>` : '';
    const box = q.type === 'checkbox';
    if (box || q.type.startsWith('radio')) {
      const picked = this.#picked(q);
      return html`<fieldset class="survey__question" role=${box ? nothing : 'radiogroup'} aria-required=${box ? nothing : required}
        aria-invalid=${invalid} aria-describedby=${described}>
        <legend class="survey__label">${q.label}${mark}${box && q.mandatory ? html`<span class="vh">(${t.required})</span>` : ''}</legend>
        <div class="survey__options ${q.type === 'radio-side-by-side' ? 'survey__options--inline' : ''}">
          ${q.entries.map(
            (e) => html`<label class="survey__option"><input type=${box ? 'checkbox' : 'radio'} name=${id} data-q=${q.id}
              .value=${e.value} .checked=${picked.includes(e.value)} />${e.label}</label>`,
          )}
        </div>
        ${message}
      </fieldset>`;
    }
    const email = q.validation === 'email';
    return html`<div class="survey__question">
      <label class="survey__label" for=${id}>${q.label}${mark}</label>
      ${q.type === 'dropdown'
        ? html`<select class="field" id=${id} data-q=${q.id} aria-required=${required} aria-invalid=${invalid} aria-describedby=${described}>
            <option value="">${t.choose}</option>
            ${q.entries.map((e) => html`<option value=${e.value} ?selected=${e.value === text}>${e.label}</option>`)}
          </select>`
        : q.type === 'textarea'
          ? html`<textarea class="field" id=${id} data-q=${q.id} rows="3" aria-required=${required} aria-invalid=${invalid}
              aria-describedby=${described} .value=${text}></textarea>`
          : html`<input class="field" id=${id} data-q=${q.id} type=${email ? 'email' : 'text'}
              inputmode=${q.validation === 'numeric' ? 'decimal' : nothing} autocomplete=${email ? 'email' : 'off'}
              aria-required=${required} aria-invalid=${invalid} aria-describedby=${described} .value=${text} />`}
      ${message}
    </div>`;
  }

  override render() {
    const s = this.survey;
    return s
      ? html`<form class="survey" part="survey" novalidate @input=${this.#handleInput} @submit=${this.#handleSubmit}>
          ${s.title ? html`<h3>${s.title}</h3>` : ''} ${s.header ? html`<p>${s.header}</p>` : ''}
          ${s.questions.filter((q) => this.#shown(q)).map((q) => this.#renderQuestion(q))}
          <div class="survey__actions">
            <button aria-disabled=${this.busy ? 'true' : nothing}>${this.submitLabel || this.t.submit}</button>
            ${this.skipLabel
              ? html`<button type="button" class="button--secondary" @click=${() => this.fire('chat-skip')}>${this.skipLabel}</button>`
              : ''}
          </div>
        </form>`
      : nothing;
  }
}
