/**
 * The default survey definitions the emulator starts with. Together they cover all six question types:
 * the pre-chat survey has a Dropdown Box whose "Something else" entry reveals a mandatory Text Field, a
 * mandatory name, an e-mail field and a Checkbox; the exit survey is protocol §7.10 plus a side-by-side
 * rating; the offline survey asks name, e-mail and a Text Area message.
 */
import type { SurveyDefinition } from './surveys.js';

/** Default pre-chat survey: a Dropdown Box whose last entry reveals a Text Field, a name, an e-mail and a Checkbox. */
export const DEFAULT_PRE_CHAT_SURVEY: SurveyDefinition = {
  id: 40216,
  title: '',
  header: 'To help us serve you better, please provide some information before we begin your chat.',
  questions: [
    {
      id: 12786273,
      logicId: 4,
      order: 0,
      type: 'Dropdown Box',
      label: 'What would you like to chat about?',
      mandatory: true,
      validationType: 'alpha_numeric',
      entries: [
        { value: 'Buying', checked: false },
        { value: 'My order', checked: false },
        { value: 'Something else', checked: false, showLogicIds: [5] },
      ],
    },
    {
      id: 12786274,
      logicId: 5,
      order: 1,
      type: 'Text Field',
      label: 'Please tell us what it is about:',
      mandatory: true,
      validationType: 'alpha_numeric',
      lastKnownValue: '',
    },
    {
      id: 16314710,
      logicId: 6,
      order: 2,
      type: 'Text Field',
      label: 'What is your name?',
      mandatory: true,
      validationType: 'alpha_numeric',
      lastKnownValue: '',
    },
    {
      id: 16314711,
      logicId: 7,
      order: 3,
      type: 'Text Field',
      label: 'Your e-mail address:',
      mandatory: false,
      validationType: 'email',
      lastKnownValue: '',
    },
    {
      id: 16314712,
      logicId: 8,
      order: 4,
      type: 'Checkbox',
      label: 'Which products do you own?',
      mandatory: false,
      validationType: 'alpha_numeric',
      entries: [
        { value: 'Phone', checked: false },
        { value: 'Tablet', checked: false },
        { value: 'Laptop', checked: false },
      ],
    },
  ],
};

/** Default exit survey, shaped like protocol §7.10 plus a side-by-side rating. */
export const DEFAULT_EXIT_SURVEY: SurveyDefinition = {
  id: 361348,
  title: '',
  header: '',
  questions: [
    {
      id: 4991315,
      logicId: 1,
      order: 0,
      type: 'Radio Button',
      label: 'Would you like us to email you a transcript of this chat?',
      mandatory: false,
      validationType: 'alpha_numeric',
      entries: [
        { value: 'yes', displayValue: 'Yes', checked: false },
        { value: 'no', displayValue: 'No', checked: false },
      ],
    },
    {
      id: 4991311,
      logicId: 2,
      order: 1,
      type: 'Text Field',
      label: 'If yes, please provide your email:',
      mandatory: false,
      validationType: 'email',
      lastKnownValue: '',
    },
    {
      id: 4991316,
      logicId: 3,
      order: 2,
      type: 'Radio Button (side by side)',
      label: 'How would you rate this chat?',
      mandatory: false,
      validationType: 'numeric',
      entries: ['1', '2', '3', '4', '5'].map((value) => ({ value, displayValue: value, checked: false })),
    },
  ],
};

/** Default offline survey: name, e-mail and a message. */
export const DEFAULT_OFFLINE_SURVEY: SurveyDefinition = {
  id: 40290,
  title: '',
  header: 'Send A Message',
  questions: [
    {
      id: 13387458,
      logicId: 1,
      order: 0,
      type: 'Text Field',
      label: 'Your name:',
      mandatory: true,
      validationType: 'alpha_numeric',
      lastKnownValue: '',
    },
    {
      id: 13387459,
      logicId: 2,
      order: 1,
      type: 'Text Field',
      label: 'Your e-mail address:',
      mandatory: true,
      validationType: 'email',
      lastKnownValue: '',
    },
    {
      id: 13387460,
      logicId: 3,
      order: 2,
      type: 'Text Area',
      label: 'Your message:',
      mandatory: true,
      validationType: 'alpha_numeric',
      lastKnownValue: '',
    },
  ],
};
