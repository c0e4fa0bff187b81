/**
 * Surveys (pre-chat, exit, offline): the definition types, their wire rendering, and the checks applied
 * to definitions and to submitted answers. The default definitions are in `survey-fixtures.ts`.
 *
 * Definitions are kept with real numbers and booleans. Pre-chat and offline surveys go out with every
 * number and boolean as a string (protocol §7.8/§7.9), exit surveys with real ones (§7.10). One
 * question, one entry or one `showLogicId` is rendered as a scalar/object, not a 1-element array.
 */
import { badRequest } from './errors.js';
import { isObject, one } from './wire.js';

export type QuestionType =
  | 'Dropdown Box'
  | 'Radio Button'
  | 'Radio Button (side by side)'
  | 'Checkbox'
  | 'Text Field'
  | 'Text Area';

export const QUESTION_TYPES: readonly QuestionType[] = [
  'Dropdown Box',
  'Radio Button',
  'Radio Button (side by side)',
  'Checkbox',
  'Text Field',
  'Text Area',
];

export type ValidationType = 'alpha_numeric' | 'numeric' | 'email';

export interface SurveyEntry {
  value: string;
  displayValue?: string;
  checked: boolean;
  /** `logicId`s of the questions this entry reveals when selected. */
  showLogicIds?: number[];
}

export interface SurveyQuestion {
  id: number;
  logicId: number;
  order: number;
  type: QuestionType;
  label: string;
  mandatory: boolean;
  validationType: ValidationType;
  lastKnownValue?: string;
  /** Choices of Dropdown Box, Radio Button(s) and Checkbox questions. */
  entries?: SurveyEntry[];
}

export interface SurveyDefinition {
  id: number;
  title: string;
  header: string;
  questions: SurveyQuestion[];
}

/** `strings`: numbers/booleans as strings (pre-chat, offline); `native`: real numbers/booleans (exit). */
export type SurveyRendering = 'strings' | 'native';

export function renderSurvey(survey: SurveyDefinition, mode: SurveyRendering): { survey: Record<string, unknown> } {
  const v = (x: number | boolean): number | boolean | string => (mode === 'strings' ? String(x) : x);
  const questions = [...survey.questions]
    .sort((a, b) => a.order - b.order)
    .map((q) => {
      const out: Record<string, unknown> = {
        id: v(q.id),
        type: q.type,
        validationType: q.validationType,
        logicId: v(q.logicId),
        order: v(q.order),
        mandatory: v(q.mandatory),
        label: q.label,
      };
      if (q.lastKnownValue !== undefined) out.lastKnownValue = q.lastKnownValue;
      if (q.entries && q.entries.length > 0) {
        out.entry = one(
          q.entries.map((e) => {
            const entry: Record<string, unknown> = { checked: v(e.checked), value: e.value };
            if (e.displayValue !== undefined) entry.displayValue = e.displayValue;
            if (e.showLogicIds && e.showLogicIds.length > 0) entry.logic = { showLogicId: one(e.showLogicIds.map(v)) };
            return entry;
          }),
        );
      }
      return out;
    });
  const questionsKey = one(questions);
  return {
    survey: {
      id: v(survey.id),
      title: survey.title,
      header: survey.header,
      questions: questionsKey === undefined ? {} : { question: questionsKey },
    },
  };
}

/** Answers of one submission, by question id (as a string); every answer is a list of values. */
export interface SurveyAnswers {
  surveyId: string;
  answers: Record<string, string[]>;
}

function toValues(raw: unknown, questionId: string): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return list.map((x) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    return badRequest(`answer of question ${questionId} must be a string or a list of strings`);
  });
}

function idOf(raw: unknown, what: string): string {
  if ((typeof raw === 'string' && raw.trim() !== '') || (typeof raw === 'number' && Number.isFinite(raw))) {
    return String(raw).trim();
  }
  return badRequest(`${what} must have an id`);
}

/**
 * Reads a submitted `survey` object. Accepts the answer form
 * `{"id":1,"question":[{"id":2,"answer":"x"}]}` (also `value` instead of `answer`, one question as an
 * object) and the structure form the exit-survey doc shows (`questions.question` with `lastKnownValue`
 * and `checked` entries).
 */
export function parseSurveyAnswers(raw: unknown): SurveyAnswers {
  if (!isObject(raw)) return badRequest('survey must be an object');
  const surveyId = idOf(raw.id, 'survey');
  const answers: Record<string, string[]> = {};
  if (raw.question !== undefined) {
    const questions = Array.isArray(raw.question) ? raw.question : [raw.question];
    for (const q of questions) {
      if (!isObject(q)) return badRequest('every survey question must be an object');
      const id = idOf(q.id, 'every survey question');
      answers[id] = toValues(q.answer !== undefined ? q.answer : q.value, id);
    }
  } else if (isObject(raw.questions)) {
    const list = raw.questions.question;
    const questions = Array.isArray(list) ? list : list === undefined ? [] : [list];
    for (const q of questions) {
      if (!isObject(q)) return badRequest('every survey question must be an object');
      const id = idOf(q.id, 'every survey question');
      const entries = Array.isArray(q.entry) ? q.entry : q.entry === undefined ? [] : [q.entry];
      const checked = entries
        .filter((e): e is Record<string, unknown> => isObject(e) && (e.checked === true || e.checked === 'true'))
        .flatMap((e) => toValues(e.value, id));
      answers[id] = entries.length > 0 ? checked : toValues(q.lastKnownValue, id);
    }
  } else {
    return badRequest('survey must contain "question" answers');
  }
  return { surveyId, answers };
}

/** One answered question as an agent is shown it, labelled from the survey the visitor was served. */
export interface LabelledQuestion {
  id: string;
  /** The question's label; absent for a question the survey served does not have (or when none was served). */
  label?: string;
  type?: QuestionType;
  /** Each answer: its value, and its label (a choice's `displayValue`, else the value itself). */
  answers: Array<{ value: string; label: string }>;
}

/**
 * The answered questions of a submission, in the survey's order (questions it does not know after
 * them, as sent), each with its label and its answers' labels; blank answers are left out.
 */
export function labelAnswers(survey: SurveyDefinition | null, submitted: SurveyAnswers): LabelledQuestion[] {
  const known = survey ? [...survey.questions].sort((a, b) => a.order - b.order) : [];
  const ids = [...known.map((q) => String(q.id)), ...Object.keys(submitted.answers).filter((id) => !known.some((q) => String(q.id) === id))];
  return ids.flatMap((id) => {
    const question = known.find((q) => String(q.id) === id);
    const values = (submitted.answers[id] ?? []).map((x) => x.trim()).filter((x) => x !== '');
    if (values.length === 0) return [];
    const answers = values.map((value) => {
      const entry = question?.entries?.find((e) => e.value === value);
      return { value, label: entry?.displayValue ?? value };
    });
    return [{ id, ...(question ? { label: question.label, type: question.type } : {}), answers }];
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An e-mail address of at most 254 characters (the length is checked first to keep the match cheap). */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
const NUMERIC = /^-?\d+(\.\d+)?$/;
const MAX_ANSWER_LENGTH = 4000;

/** Questions shown for these answers: those no entry reveals, plus those revealed by a selected entry. */
function visibleQuestions(survey: SurveyDefinition, answers: Record<string, string[]>): Set<number> {
  const conditional = new Set<number>();
  for (const q of survey.questions) for (const e of q.entries ?? []) for (const id of e.showLogicIds ?? []) conditional.add(id);
  const visible = new Set(survey.questions.filter((q) => !conditional.has(q.logicId)).map((q) => q.logicId));
  let grew = true;
  while (grew) {
    grew = false;
    for (const q of survey.questions) {
      if (!visible.has(q.logicId)) continue;
      const selected = answers[String(q.id)] ?? [];
      for (const e of q.entries ?? []) {
        if (!selected.includes(e.value)) continue;
        for (const id of e.showLogicIds ?? []) {
          if (!visible.has(id)) {
            visible.add(id);
            grew = true;
          }
        }
      }
    }
  }
  return visible;
}

/**
 * Problems with a submission, empty when it is acceptable: wrong survey id, unknown question ids,
 * unanswered mandatory questions that are shown, choices that are not entries, several answers to a
 * single-choice question, malformed e-mail or numeric answers.
 */
export function surveyProblems(survey: SurveyDefinition, submitted: SurveyAnswers): string[] {
  const problems: string[] = [];
  if (submitted.surveyId !== String(survey.id)) problems.push(`unknown survey id ${submitted.surveyId}`);
  const byId = new Map(survey.questions.map((q) => [String(q.id), q]));
  for (const id of Object.keys(submitted.answers)) {
    if (!byId.has(id)) problems.push(`unknown question id ${id}`);
  }
  const visible = visibleQuestions(survey, submitted.answers);
  for (const q of survey.questions) {
    if (!visible.has(q.logicId)) continue;
    const values = (submitted.answers[String(q.id)] ?? []).map((x) => x.trim()).filter((x) => x !== '');
    if (values.length === 0) {
      if (q.mandatory) problems.push(`question ${q.id} ("${q.label}") is mandatory`);
      continue;
    }
    if (q.entries && q.entries.length > 0) {
      const allowed = new Set(q.entries.map((e) => e.value));
      const wrong = values.filter((x) => !allowed.has(x));
      if (wrong.length > 0) problems.push(`question ${q.id}: "${wrong[0]}" is not one of its entries`);
      if (q.type !== 'Checkbox' && values.length > 1) problems.push(`question ${q.id} takes a single answer`);
      continue;
    }
    if (values.length > 1) problems.push(`question ${q.id} takes a single answer`);
    const value = values[0];
    if (value.length > MAX_ANSWER_LENGTH) {
      problems.push(`question ${q.id}: answer too long`);
      continue;
    }
    if (q.validationType === 'email' && !isEmail(value)) problems.push(`question ${q.id}: "${value}" is not an e-mail address`);
    if (q.validationType === 'numeric' && !NUMERIC.test(value)) problems.push(`question ${q.id}: "${value}" is not a number`);
  }
  return problems;
}

/** Parses and checks a submission against a definition; 400 with every problem listed otherwise. */
export function checkedAnswers(survey: SurveyDefinition, raw: unknown): SurveyAnswers {
  const submitted = parseSurveyAnswers(raw);
  const problems = surveyProblems(survey, submitted);
  if (problems.length > 0) badRequest(`Invalid survey: ${problems.join('; ')}`);
  return submitted;
}

/** Problems with a survey definition given in the configuration (empty when valid). */
export function surveyDefinitionProblems(raw: unknown, where: string): string[] {
  if (!isObject(raw)) return [`${where} must be an object or null`];
  const p: string[] = [];
  const int = (x: unknown): boolean => Number.isSafeInteger(x);
  if (!int(raw.id)) p.push(`${where}.id must be an integer`);
  if (typeof raw.title !== 'string') p.push(`${where}.title must be a string`);
  if (typeof raw.header !== 'string') p.push(`${where}.header must be a string`);
  if (!Array.isArray(raw.questions)) return [...p, `${where}.questions must be an array`];
  const ids = new Set<unknown>();
  raw.questions.forEach((q: unknown, i: number) => {
    const at = `${where}.questions[${i}]`;
    if (!isObject(q)) {
      p.push(`${at} must be an object`);
      return;
    }
    for (const key of ['id', 'logicId', 'order'] as const) if (!int(q[key])) p.push(`${at}.${key} must be an integer`);
    if (ids.has(q.id)) p.push(`${at}.id is used twice`);
    ids.add(q.id);
    if (!QUESTION_TYPES.includes(q.type as QuestionType)) p.push(`${at}.type must be one of ${QUESTION_TYPES.join(', ')}`);
    if (typeof q.label !== 'string') p.push(`${at}.label must be a string`);
    if (typeof q.mandatory !== 'boolean') p.push(`${at}.mandatory must be a boolean`);
    if (!['alpha_numeric', 'numeric', 'email'].includes(q.validationType as string)) {
      p.push(`${at}.validationType must be alpha_numeric, numeric or email`);
    }
    if (q.lastKnownValue !== undefined && typeof q.lastKnownValue !== 'string') p.push(`${at}.lastKnownValue must be a string`);
    const choice = !String(q.type).startsWith('Text');
    if (choice && (!Array.isArray(q.entries) || q.entries.length === 0)) p.push(`${at}.entries must be a non-empty array`);
    if (!choice && q.entries !== undefined) p.push(`${at}: text questions have no entries`);
    if (Array.isArray(q.entries)) {
      q.entries.forEach((e: unknown, j: number) => {
        const ea = `${at}.entries[${j}]`;
        if (!isObject(e) || typeof e.value !== 'string' || typeof e.checked !== 'boolean') {
          p.push(`${ea} must be {value: string, checked: boolean, displayValue?, showLogicIds?}`);
        } else if (e.showLogicIds !== undefined && !(Array.isArray(e.showLogicIds) && e.showLogicIds.every(int))) {
          p.push(`${ea}.showLogicIds must be an array of integers`);
        } else if (e.displayValue !== undefined && typeof e.displayValue !== 'string') {
          p.push(`${ea}.displayValue must be a string`);
        }
      });
    }
  });
  return p;
}
