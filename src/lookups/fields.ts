import type { Response } from 'express';
import { readerOf } from '../forms/context.js';
import { errorList, fieldViews } from '../forms/field-views.js';
import type { Field } from '../forms/fields/index.js';
import type { FieldView } from '../forms/fields/types.js';
import type { FieldError, RawStep } from '../forms/model.js';
import type { WordScope } from '../forms/words.js';

/**
 * A lookup's form drawn by the form engine's field modules, with words from the lookup's own
 * namespace (`tracking:fields.<name>.label`, falling back to the shared `forms:` ones), and an
 * error summary whose links go to the inputs.
 */
export function formModel(
  res: Response,
  scope: WordScope,
  fields: readonly Field[],
  raw: RawStep | undefined,
  errors: readonly FieldError[],
): { fields: FieldView[]; errorList: { text: string; href: string }[] } {
  const input = { scope, reader: readerOf(res), raw, errors, answers: {} };
  return { fields: fieldViews(fields, input), errorList: errorList(fields, input) };
}
