import { allFields, fieldModule, type Field } from './fields/index.js';
import { formatValues } from './fields/shared.js';
import type { FieldView } from './fields/types.js';
import type { Answers, FieldError, RawStep } from './model.js';
import { fieldWords, type Reader, type WordScope } from './words.js';

export interface ViewInput {
  scope: WordScope;
  reader: Reader;
  /** What was typed on this step (or this item). */
  raw: RawStep | undefined;
  errors: readonly FieldError[];
  /** Answers of earlier steps, which decide the fields asked (`when`). */
  answers: Answers;
}

function fieldView(field: Field, input: ViewInput, single: boolean): FieldView {
  const module = fieldModule(field);
  const error = input.errors.find((candidate) => candidate.field === field.name);
  const view = module.view(field, input.raw?.[field.name], error, fieldWords(input.reader, input.scope, field.name), input.reader, { single });
  if (module.revealed) {
    // Every option's fields are drawn, under their option: shown by the browser when it is chosen, and always without JavaScript.
    const items = (view.params.items as { value?: string }[] | undefined) ?? [];
    const reveals: Record<string, FieldView[]> = {};
    for (const item of items) {
      const revealed = item.value ? (module.revealed(field, item.value) as Field[]) : [];
      if (revealed.length) reveals[item.value!] = revealed.map((nested) => fieldView(nested, input, false));
    }
    view.reveals = reveals;
  }
  return view;
}

/** The fields of a page as govuk macro calls; a page with one question makes its label the heading. */
export function fieldViews(fields: readonly Field[], input: ViewInput): FieldView[] {
  const asked = fields.filter((field) => !field.when || field.when(input.answers));
  const single = asked.length === 1 && asked[0]!.type !== 'file';
  return asked.map((field) => fieldView(field, input, single));
}

/** Where an error's link in the summary goes: the input itself (a date's day, month or year). */
function anchor(field: Field | undefined, error: FieldError): string {
  if (error.part) return `${error.field}-${error.part}`;
  if (field?.type === 'date') return `${error.field}-${field.precision === 'month' ? 'month' : 'day'}`;
  return error.field;
}

/** For govukErrorSummary: each message, in the page language, links to the input it is about. */
export function errorList(fields: readonly Field[], input: Pick<ViewInput, 'scope' | 'reader' | 'errors'>): { text: string; href: string }[] {
  const known = allFields(fields);
  return input.errors.map((error) => {
    const field = known.find((candidate) => candidate.name === error.field);
    const words = fieldWords(input.reader, input.scope, error.field);
    return { text: words.error(error.code, formatValues(error.values, input.reader)), href: `#${anchor(field, error)}` };
  });
}
