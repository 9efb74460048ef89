import type { z } from 'zod';
import type { Answers, FieldError, StepContext } from '../model.js';
import type { FieldWords, Reader } from '../words.js';

export type Width = '2' | '3' | '4' | '5' | '10' | '20' | '30';

/** Options every field type takes. */
export interface CommonOptions {
  readonly optional?: boolean;
  /** Asked only when earlier answers say so; otherwise it is neither validated, stored nor shown. */
  readonly when?: (answers: Answers) => boolean;
}

/** What every field has, whatever its type. */
export interface FieldCommon<N extends string = string> extends CommonOptions {
  readonly name: N;
}

/** A posted form's fields: strings, or lists of strings when a name repeats. */
export type Body = Record<string, unknown>;

/** The govuk macro that draws a field, and its parameters. */
export interface FieldView {
  name: string;
  macro: string;
  params: Record<string, unknown>;
  /** Radios: the fields shown under an option, by option value. */
  reveals?: Record<string, FieldView[]>;
  /** Anything else the field's template needs (a file field's uploaded files). */
  extra?: Record<string, unknown>;
}

export type SummaryValue = { text: string } | { html: string };

interface ViewOptions {
  /** The only question on the page: its label is the page heading. */
  single: boolean;
}

/**
 * One field type: how it reads a posted form, how zod checks it (issues carry codes, never
 * words), how its govuk macro draws it, and how its answer reads in a summary.
 */
export interface FieldModule<F extends FieldCommon> {
  /** Every error code its schema can give: each has words in the locale files (a test checks). */
  codes: readonly string[];
  read: (field: F, body: Body) => unknown;
  /** The raw value of a field left untouched. */
  empty: (field: F) => unknown;
  schema: (field: F, context: StepContext) => z.ZodType;
  view: (field: F, raw: unknown, error: FieldError | undefined, words: FieldWords, reader: Reader, options: ViewOptions) => FieldView;
  summary: (field: F, value: unknown, words: FieldWords, reader: Reader) => SummaryValue;
  /** The field's name where it is not in the field's own words (a document is named in the service's list). */
  label?: (field: F, words: FieldWords, reader: Reader) => string;
  /** Fields shown under this one's options (radios). */
  nested?: (field: F) => readonly FieldCommon[];
  /** Which of them show for this raw or accepted value of the field. */
  revealed?: (field: F, value: unknown) => readonly FieldCommon[];
  /** An accepted value as the form would have sent it, where the two differ (an answer filled in from an earlier application). */
  asRaw?: (field: F, value: unknown) => unknown;
}
