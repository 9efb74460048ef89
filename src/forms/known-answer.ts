import type { Answers } from './model.js';

/**
 * A value a journey knows without asking it. A service that only citizens of Azerbaijan can use
 * knows their citizenship: asking it would only give the applicant a way to answer it wrongly.
 */
export interface KnownAnswer {
  readonly known: string;
}

export function known(value: string): KnownAnswer {
  return { known: value };
}

/** Where a value of the application comes from: a field of a step, or a value known beforehand. */
export type AnswerSource = readonly [string, string] | KnownAnswer;

export function answerFrom(answers: Answers, source: AnswerSource): unknown {
  if ('known' in source) return source.known;
  const [step, field] = source;
  return answers[step]?.[field];
}
