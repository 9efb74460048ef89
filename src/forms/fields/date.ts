import { z } from 'zod';
import { readDateParts, type DatePrecision } from '../dates.js';
import type { DateParts } from '../model.js';
import { formatMonth } from '../../i18n/format.js';
import { fieldsetWords, firstString, refuse } from './shared.js';
import type { CommonOptions, FieldCommon, FieldModule } from './types.js';

/** 'past': before today; 'notFuture': today or before; 'future': after today; 'notPast': today or after. */
type DateTime = 'past' | 'notFuture' | 'future' | 'notPast';

export interface DateOptions extends CommonOptions {
  readonly time?: DateTime;
  /** 'month' asks a month and a year only, stored as 'YYYY-MM'. */
  readonly precision?: DatePrecision;
  readonly autocomplete?: 'bday';
}

export interface DateField<N extends string = string> extends FieldCommon<N>, DateOptions {
  readonly type: 'date';
  /** 'YYYY-MM-DD', or 'YYYY-MM' with month precision. */
  readonly __value?: string;
}

export function date<const N extends string, const O extends DateOptions = object>(name: N, options?: O): DateField<N> & NoInfer<O> {
  return { type: 'date', name, ...(options as O) };
}

const EMPTY: DateParts = { day: '', month: '', year: '' };

function partsOf(raw: unknown): DateParts {
  if (!raw || typeof raw !== 'object') return EMPTY;
  const value = raw as Partial<Record<keyof DateParts, unknown>>;
  const part = (key: keyof DateParts) => (typeof value[key] === 'string' ? (value[key] as string) : '');
  return { day: part('day'), month: part('month'), year: part('year') };
}

/** Which rule the date breaks against today, as a code. */
function timeCode(time: DateTime | undefined, value: string, today: string): string | undefined {
  const now = today.slice(0, value.length);
  if ((time === 'past' && value >= now) || (time === 'notFuture' && value > now)) return 'future';
  if ((time === 'future' && value <= now) || (time === 'notPast' && value < now)) return 'past';
  return undefined;
}

export const dateModule: FieldModule<DateField> = {
  codes: ['required', 'incomplete', 'invalid', 'future', 'past'],
  read: (field, body) => ({
    day: field.precision === 'month' ? '' : firstString(body, `${field.name}-day`),
    month: firstString(body, `${field.name}-month`),
    year: firstString(body, `${field.name}-year`),
  }),
  empty: () => EMPTY,
  asRaw: (_field, value) => {
    const [year = '', month = '', day = ''] = String(value).split('-');
    return { day: day ? String(Number(day)) : '', month: month ? String(Number(month)) : '', year };
  },
  schema: (field, context) =>
    z.unknown().transform((raw, ctx) => {
      const read = readDateParts(partsOf(raw), field.precision);
      if (!read.ok) return read.code === 'required' && field.optional ? undefined : refuse(ctx, read.code, { part: read.part });
      const code = timeCode(field.time, read.iso, context.today);
      const firstPart = field.precision === 'month' ? 'month' : 'day';
      return code ? refuse(ctx, code, { part: firstPart }) : read.iso;
    }),
  view: (field, raw, error, words, reader, { single }) => {
    const parts = partsOf(raw);
    const names = field.precision === 'month' ? (['month', 'year'] as const) : (['day', 'month', 'year'] as const);
    const wrong = (part: string) => !!error && (!error.part || error.part === part);
    return {
      name: field.name,
      macro: 'govukDateInput',
      params: {
        id: field.name,
        namePrefix: field.name,
        ...fieldsetWords(field, error, words, reader, single),
        items: names.map((part) => ({
          name: part,
          label: reader.t(`forms:date.${part}`),
          value: parts[part],
          classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${wrong(part) ? ' govuk-input--error' : ''}`,
          autocomplete: field.autocomplete ? `bday-${part}` : undefined,
          inputmode: 'numeric',
        })),
      },
    };
  },
  summary: (_field, value, _words, reader) => {
    const iso = String(value);
    return { text: iso.length === 7 ? formatMonth(iso, reader.lang) : reader.formatDate(iso) };
  },
};
