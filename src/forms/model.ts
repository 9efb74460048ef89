/**
 * The engine's vocabulary. A journey is ordered steps; a step is one page (or, for a repeat, a list
 * page and an item page). What the browser sent is kept per step exactly as typed (raw); what the
 * engine accepts of it is kept per step as typed values (answers), never merged into one record, so
 * one block can be asked twice in a service under two step ids.
 */

export type DateParts = { day: string; month: string; year: string };

// The documents make these from their rows, below the engine; the engine names them from here.
export type { FileRef } from '../documents/repository.js';

/** One step's inputs as typed: strings, string lists, date parts, file lists, repeat items. */
export type RawStep = Record<string, unknown>;
export type RawAnswers = Record<string, RawStep>;

/** One step's accepted values. */
export type StepValues = Record<string, unknown>;
/** Accepted values of every finished step on the applicant's path, by step id. */
export type Answers = Partial<Record<string, StepValues>>;

/** A validator's verdict on one field: a code the locale files put into words. */
export interface FieldError {
  field: string;
  code: string;
  /** The input to link to from the error summary when a field has several (a date's day, month, year). */
  part?: string;
  /** Figures the message quotes, such as a size limit or a date. */
  values?: Record<string, string | number>;
}

export interface StepContext {
  /** The calendar date in Baku, where every legal time limit runs. */
  today: string;
  /** Accepted answers of the steps before this one on the path. */
  answers: Answers;
}

export type StepResult = { ok: true; values: StepValues } | { ok: false; errors: FieldError[] };

/** Something to tell the applicant that does not stop the application. Words under `forms:warnings.<code>`. */
export interface Warning {
  code: string;
  values?: Record<string, string>;
}
