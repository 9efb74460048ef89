import type { TFunction } from 'i18next';
import type { Language } from '../i18n/languages.js';

/** The page's language and how it writes dates and money: what every view and summary reads with. */
export interface Reader {
  t: TFunction;
  lang: Language;
  formatDate: (iso: string) => string;
  formatMoney: (amount: number) => string;
}

/**
 * Where a field's words are looked for, most particular first: the service's words for this step,
 * the service's words for the field, then the shared block words in `forms`. So one block (an
 * address) reads "the employer's legal address" in one step and "where the worker will work" in
 * another, and a service names only what differs.
 */
export interface WordScope {
  service: string;
  step: string;
  /** Where the words are when they are not a service's (`services/<id>`): a lookup's own namespace, such as `tracking` or `checks`. */
  namespace?: string;
}

export function serviceNamespace(serviceId: string): string {
  return `services/${serviceId}`;
}

export function fieldKeys(scope: WordScope, name: string, part: string): string[] {
  const ns = scope.namespace ?? serviceNamespace(scope.service);
  return [`${ns}:steps.${scope.step}.fields.${name}.${part}`, `${ns}:fields.${name}.${part}`, `forms:fields.${name}.${part}`];
}

export interface FieldWords {
  label: () => string;
  hint: (values?: Record<string, unknown>) => string;
  /** A part of the field's own words, such as a consent statement; empty when there is none. */
  part: (part: string, values?: Record<string, unknown>) => string;
  option: (value: string) => string;
  optionHint: (value: string) => string;
  error: (code: string, values?: Record<string, unknown>) => string;
}

/** Words a field may have or not: empty where it has none. Frozen and shared, so the translator finds its key once. */
const OPTIONAL = Object.freeze({ defaultValue: '' });

/** Words kept per field: a field's parts and options are few; the bound only keeps a mistake from growing it without end. */
const MAX_KEPT_PARTS = 500;
/** Each field's words per language's translator and scope, made once: a page asks them on every request, and they do not change while the process runs. */
const keptFieldWords = new WeakMap<TFunction, Map<string, FieldWords>>();
/** Scopes × fields come from the catalogue; the bound only keeps a mistake from growing it without end. */
const MAX_KEPT_FIELDS = 20_000;

function wordsOfField(t: TFunction, scope: WordScope, name: string): FieldWords {
  const kept = new Map<string, string>();
  const once = (part: string, find: () => string): string => {
    const known = kept.get(part);
    if (known !== undefined) return known;
    const found = find();
    if (kept.size < MAX_KEPT_PARTS) kept.set(part, found);
    return found;
  };
  // Words with values put in are made anew each time: the values may be personal.
  const optional = (part: string, values?: Record<string, unknown>) =>
    values ? t(fieldKeys(scope, name, part), { ...OPTIONAL, ...values }) : once(part, () => t(fieldKeys(scope, name, part), OPTIONAL));
  const errorKeys = (code: string) => [...fieldKeys(scope, name, `errors.${code}`), `forms:errors.${code}`];
  return {
    label: () => once('label', () => t(fieldKeys(scope, name, 'label'))),
    hint: (values) => optional('hint', values),
    part: optional,
    option: (value) => once(`options.${value}`, () => t(fieldKeys(scope, name, `options.${value}`))),
    optionHint: (value) => optional(`optionHints.${value}`),
    error: (code, values) => (values ? t(errorKeys(code), values) : once(`errors.${code}`, () => t(errorKeys(code)))),
  };
}

export function fieldWords(reader: Reader, scope: WordScope, name: string): FieldWords {
  let byField = keptFieldWords.get(reader.t);
  if (!byField) keptFieldWords.set(reader.t, (byField = new Map()));
  const key = `${scope.namespace ?? ''}\u0001${scope.service}\u0001${scope.step}\u0001${name}`;
  let words = byField.get(key);
  if (!words) {
    words = wordsOfField(reader.t, scope, name);
    if (byField.size < MAX_KEPT_FIELDS) byField.set(key, words);
  }
  return words;
}

/** A step's own words: the service's for this step, else the block's it was made from. */
export function stepKeys(serviceId: string, stepId: string, block: string | undefined, part: string): string[] {
  const keys = [`${serviceNamespace(serviceId)}:steps.${stepId}.${part}`];
  if (block) keys.push(`forms:blocks.${block}.${part}`);
  return keys;
}
