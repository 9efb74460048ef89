import { isSource, sourceItems, sourceText, type OptionItem, type OptionSource } from '../options.js';
import { asString, escapeHtml, labelledParams, ONE_CHOICE } from './shared.js';
import type { CommonOptions, FieldCommon, FieldModule } from './types.js';

export interface SelectOptions extends CommonOptions {
  readonly autocomplete?: string;
}

export interface SelectField<N extends string = string, O extends string = string> extends FieldCommon<N>, SelectOptions {
  readonly type: 'select';
  readonly options: readonly O[] | OptionSource;
  readonly __value?: O;
}

export function select<const N extends string, const P extends SelectOptions = object>(name: N, options: OptionSource, more?: P): SelectField<N> & NoInfer<P>;
export function select<const N extends string, const O extends string, const P extends SelectOptions = object>(
  name: N,
  options: readonly O[],
  more?: P,
): SelectField<N, O> & NoInfer<P>;
export function select(name: string, options: readonly string[] | OptionSource, more?: SelectOptions): SelectField {
  return { type: 'select', name, options, ...more };
}

/** A list's <option>s written out, and where each begins in them. */
interface WrittenOptions {
  html: string;
  starts: Map<string, number>;
}

const OPTIONS_HTML = new WeakMap<readonly OptionItem[], WrittenOptions>();

function written(items: readonly OptionItem[]): WrittenOptions {
  let found = OPTIONS_HTML.get(items);
  if (!found) {
    const starts = new Map<string, number>();
    let html = '';
    for (const item of items) {
      if (!starts.has(item.value)) starts.set(item.value, html.length);
      html += `<option value="${escapeHtml(item.value)}"${item.lang ? ` lang="${escapeHtml(item.lang)}"` : ''}>${escapeHtml(item.text)}</option>`;
    }
    found = { html, starts };
    OPTIONS_HTML.set(items, found);
  }
  return found;
}

/**
 * The <option>s of a list, written once per list and language: a country list drawn by the govuk
 * macro, one macro call per option, was most of the time a page took. Only the chosen one is
 * marked anew, by joining the two halves around it rather than the 250 options.
 */
export function optionsHtml(items: readonly OptionItem[], chosen: string): string {
  const { html, starts } = written(items);
  const at = chosen ? starts.get(chosen) : undefined;
  if (at === undefined) return html;
  const opening = '<option '.length;
  return `${html.slice(0, at + opening)}selected ${html.slice(at + opening)}`;
}

const PROMPTS = new Map<string, readonly OptionItem[]>();

/** A long list (countries, cities) in one drop-down, led by an empty "choose" option. */
export const selectModule: FieldModule<SelectField> = {
  ...ONE_CHOICE,
  view: (field, raw, error, words, reader, { single }) => {
    const value = asString(raw);
    const listed = isSource(field.options) ? sourceItems(field.options, reader) : field.options.map((option) => ({ value: option, text: words.option(option) }));
    // The prompt joins the list, and the pair is kept per list, so the options are written once.
    const key = isSource(field.options) ? `${field.options} ${reader.lang}` : undefined;
    let items = key ? PROMPTS.get(key) : undefined;
    if (!items) {
      items = [{ value: '', text: reader.t('forms:choose') }, ...listed];
      if (key) PROMPTS.set(key, items);
    }
    return {
      name: field.name,
      macro: 'appSelect',
      params: {
        ...labelledParams(field, error, words, reader, single),
        optionsHtml: optionsHtml(items, value),
        autocomplete: field.autocomplete,
        classes: 'app-select',
      },
    };
  },
  summary: (field, value, words, reader) => ({
    text: isSource(field.options) ? sourceText(field.options, String(value), reader) : words.option(String(value)),
  }),
};
