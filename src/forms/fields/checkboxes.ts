import { z } from 'zod';
import { choiceParams, linesHtml, refuse } from './shared.js';
import type { Body, CommonOptions, FieldCommon, FieldModule } from './types.js';

export interface CheckboxesOptions<O extends string = string> extends CommonOptions {
  /** "None of these": it cannot be ticked together with another option (code `exclusive`). */
  readonly exclusive?: O;
}

export interface CheckboxesField<N extends string = string, O extends string = string> extends FieldCommon<N>, CheckboxesOptions<O> {
  readonly type: 'checkboxes';
  readonly options: readonly O[];
  readonly __value?: O[];
}

export function checkboxes<const N extends string, const O extends string, const P extends CheckboxesOptions<O> = object>(
  name: N,
  options: readonly O[],
  more?: P,
): CheckboxesField<N, O> & NoInfer<P> {
  return { type: 'checkboxes', name, options, ...(more as P) };
}

function ticked(raw: unknown): string[] {
  if (typeof raw === 'string') return raw ? [raw] : [];
  return Array.isArray(raw) ? raw.filter((value): value is string => typeof value === 'string' && value !== '') : [];
}

export const checkboxesModule: FieldModule<CheckboxesField> = {
  codes: ['required', 'exclusive'],
  read: (field, body: Body) => ticked(body[field.name]),
  empty: () => [],
  schema: (field) =>
    z.unknown().transform((raw, ctx) => {
      // Kept in the order of the list, each once, whatever order the browser sent them in.
      const chosen = new Set(ticked(raw));
      if ([...chosen].some((value) => !field.options.includes(value))) return refuse(ctx, 'required');
      const values = field.options.filter((option) => chosen.has(option));
      if (!values.length) return field.optional ? [] : refuse(ctx, 'required');
      if (field.exclusive && values.includes(field.exclusive) && values.length > 1) return refuse(ctx, 'exclusive');
      return values;
    }),
  view: (field, raw, error, words, reader, { single }) => {
    const chosen = ticked(raw);
    const items: Record<string, unknown>[] = [];
    for (const option of field.options) {
      const hint = words.optionHint(option);
      if (option === field.exclusive) items.push({ divider: reader.t('forms:or') });
      items.push({
        value: option,
        text: words.option(option),
        checked: chosen.includes(option),
        ...(hint ? { hint: { text: hint } } : {}),
        ...(option === field.exclusive ? { behaviour: 'exclusive' } : {}),
      });
    }
    return {
      name: field.name,
      macro: 'govukCheckboxes',
      params: {
        ...choiceParams(field, error, words, reader, single),
        items,
      },
    };
  },
  summary: (_field, value, words) => linesHtml((value as string[]).map((option) => words.option(option))),
};
