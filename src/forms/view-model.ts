import type { TFunction } from 'i18next';
import { countryName, countryOptions, STATELESS } from '../i18n/countries.js';
import type { Language } from '../i18n/languages.js';
import type { ChoiceField, DateParts, Field, FieldError, RawStep, RawValue, Step } from './journey.js';
import { optionValues } from './options.js';

export interface ViewLocals {
  t: TFunction;
  lang: Language;
  formatDate: (iso: string) => string;
}

export interface FieldView {
  field: Field;
  id: string;
  label: string;
  hint: string;
  value: string;
  date: DateParts;
  items: { value: string; text: string; lang?: string; checked?: boolean; selected?: boolean }[];
  error: string | undefined;
  /** The date input that has the error, for the red border. */
  errorPart: keyof DateParts | undefined;
}

export function errorMessage(t: TFunction, error: FieldError): string {
  return t([`forms:fields.${error.field}.errors.${error.code}`, `forms:errors.${error.code}`]);
}

/** For govukErrorSummary: each message links to the input it is about. */
export function errorSummary(errors: FieldError[], t: TFunction): { text: string; href: string }[] {
  return errors.map((error) => ({
    text: errorMessage(t, error),
    href: `#${error.field}${error.part ? `-${error.part}` : ''}`,
  }));
}

function optionText(field: ChoiceField, value: string, locals: ViewLocals): string {
  switch (field.options) {
    case 'countries':
    case 'countriesAndStateless':
      return value === STATELESS ? locals.t('forms:stateless') : (countryName(value, locals.lang) ?? value);
    case 'places':
      return locals.t(`places:places.${value}`);
    case 'languages':
      return locals.t('common:languageName', { lng: value });
    default:
      return locals.t(`forms:fields.${field.name}.options.${value}`);
  }
}

function choiceItems(field: ChoiceField, locals: ViewLocals): FieldView['items'] {
  if (field.options === 'countries' || field.options === 'countriesAndStateless') {
    const countries = countryOptions(locals.lang);
    return field.options === 'countries'
      ? countries
      : [{ value: STATELESS, text: locals.t('forms:stateless') }, ...countries];
  }
  return optionValues(field).map((value) => ({
    value,
    text: optionText(field, value, locals),
    ...(field.options === 'languages' ? { lang: value } : {}),
  }));
}

function textOf(raw: RawValue | undefined): string {
  return typeof raw === 'string' ? raw : '';
}

/** What the step template needs of each field: words in the page language, the answer as typed. */
export function fieldViews(step: Step, raw: RawStep | undefined, errors: FieldError[], locals: ViewLocals): FieldView[] {
  return step.fields.map((field) => {
    const error = errors.find((candidate) => candidate.field === field.name);
    let value = textOf(raw?.[field.name]);
    if (!raw && field.type === 'radios' && field.defaultFromLanguage) value = locals.lang;
    const rawDate = raw?.[field.name];
    let items: FieldView['items'] = [];
    if (field.type === 'radios' || field.type === 'select') {
      items = choiceItems(field, locals).map((item) => ({ ...item, checked: item.value === value, selected: item.value === value }));
      if (field.type === 'select') items.unshift({ value: '', text: locals.t('forms:choose'), selected: !value });
    }
    return {
      field,
      id: field.name,
      label: locals.t(`forms:fields.${field.name}.label`),
      hint: locals.t(`forms:fields.${field.name}.hint`, { defaultValue: '' }),
      value,
      date: rawDate && typeof rawDate === 'object' ? rawDate : { day: '', month: '', year: '' },
      items,
      error: error ? errorMessage(locals.t, error) : undefined,
      errorPart: error?.part,
    };
  });
}

/** How an answer reads on "Check your answers". */
export function displayValue(field: Field, value: string, locals: ViewLocals): string {
  if (!value) return locals.t('forms:notProvided');
  switch (field.type) {
    case 'date':
      return locals.formatDate(value);
    case 'radios':
    case 'select':
      return optionText(field, value, locals);
    case 'consent':
      return locals.t('forms:consentGiven');
    default:
      return value;
  }
}


