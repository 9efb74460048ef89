import type { Language } from '../i18n/languages.js';

/**
 * A journey is the ordered steps of one application service. Field words live in
 * locales/<lang>/forms.json under `fields.<name>` (label, hint, errors.<code>);
 * step titles under `steps.<stepId>`.
 */

export type DateParts = { day: string; month: string; year: string };
export type RawValue = string | DateParts;
export type RawStep = Record<string, RawValue>;
/** What the browser sent, per step, exactly as typed. */
export type RawAnswers = Record<string, RawStep>;
/** Parsed, valid values of every step on the path, merged. */
export type Answers = Record<string, string>;

export type OptionSource = 'countries' | 'countriesAndStateless' | 'places' | 'languages';

interface FieldCommon {
  name: string;
  optional?: boolean;
  autocomplete?: string;
  /** govuk input width class suffix, e.g. '20' → govuk-input--width-20. */
  width?: '2' | '3' | '4' | '5' | '10' | '20' | '30';
}

export interface TextField extends FieldCommon {
  type: 'text' | 'email' | 'tel' | 'textarea';
  maxLength?: number;
  /** Checked after trimming (and upper-casing when `uppercase`); failing it gives code `format`. */
  pattern?: RegExp;
  uppercase?: boolean;
  /** Characters dropped before the pattern is checked, e.g. spaces in a document number. */
  strip?: RegExp;
  inputmode?: 'numeric' | 'tel' | 'email';
  spellcheck?: false;
}

export interface DateField extends FieldCommon {
  type: 'date';
  /** 'past': before today (code `future`); 'notFuture': today or before; 'future': after today (code `past`). */
  when?: 'past' | 'notFuture' | 'future';
  autocomplete?: 'bday';
}

export interface ChoiceField extends FieldCommon {
  type: 'radios' | 'select';
  /** Fixed options (words in `fields.<name>.options.<value>`) or a shared list. */
  options: readonly string[] | OptionSource;
  /** Prefilled from the page language for a `languages` field. */
  defaultFromLanguage?: boolean;
}

export interface ConsentField extends FieldCommon {
  type: 'consent';
}

export type Field = TextField | DateField | ChoiceField | ConsentField;

export interface FieldError {
  field: string;
  code: string;
  /** Which input of a date to link to from the error summary. */
  part?: keyof DateParts;
}

export interface StepContext {
  today: string;
}

export interface Step {
  id: string;
  fields: readonly Field[];
  /** Checks across fields, run once each field is valid on its own. Returns error codes per field. */
  check?: (values: Answers, context: StepContext) => FieldError[];
  /** The step after this one; null for "check your answers". Default: the next in the list. */
  next?: (answers: Answers) => string | null;
}

export interface Identity {
  documentNumber: string;
  citizenship: string;
  dateOfBirth: string;
}

export interface Warning {
  /** Key under `forms:warnings.`. */
  code: string;
  values?: Record<string, string>;
}

export interface Journey {
  steps: readonly Step[];
  /** The columns lookups search by. */
  identity: (answers: Answers) => Identity;
  /** Things to tell before and after submitting, that do not stop the application. */
  warnings?: (answers: Answers, context: StepContext) => Warning[];
}

export interface SubmissionContext extends StepContext {
  language: Language;
}
