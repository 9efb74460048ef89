import type { Answers, FieldError, Journey, RawAnswers, Step, StepContext } from './journey.js';
import { validateStep } from './validate.js';

export const CHECK_ANSWERS = 'check';

export interface Progress {
  /** Steps the applicant has to pass through, in order, up to the first one not finished. */
  path: Step[];
  /** The first step without valid answers, or null when every step on the path is done. */
  firstUnfinished: Step | null;
  /** Errors of that step when it has been answered but wrongly (never for an untouched step). */
  errors: FieldError[];
  /** Valid answers of every finished step on the path. */
  answers: Answers;
}

export function stepById(journey: Journey, id: string): Step | undefined {
  return journey.steps.find((step) => step.id === id);
}

function followingStep(journey: Journey, step: Step, answers: Answers): Step | null {
  if (step.next) {
    const id = step.next(answers);
    if (id === null) return null;
    const next = stepById(journey, id);
    if (!next) throw new Error(`Step ${step.id} leads to unknown step ${id}`);
    return next;
  }
  return journey.steps[journey.steps.indexOf(step) + 1] ?? null;
}

/**
 * Walks the journey from its first step with what is saved. Answers kept for steps that are no
 * longer on the path (after a change of who applies) stay in the draft but count for nothing.
 */
export function walk(journey: Journey, raw: RawAnswers, context: StepContext): Progress {
  const path: Step[] = [];
  let answers: Answers = {};
  let step: Step | null = journey.steps[0] ?? null;
  while (step) {
    path.push(step);
    const result = validateStep(step, raw[step.id], context);
    if (!result.ok) {
      return { path, firstUnfinished: step, errors: raw[step.id] ? result.errors : [], answers };
    }
    answers = { ...answers, ...result.values };
    step = followingStep(journey, step, answers);
  }
  return { path, firstUnfinished: null, errors: [], answers };
}

/** Where to go after a valid answer: back to the summary when changing, if nothing else is missing. */
export function destinationAfter(journey: Journey, progress: Progress, current: Step, changing: boolean): string {
  if (changing) return progress.firstUnfinished?.id ?? CHECK_ANSWERS;
  const next = followingStep(journey, current, progress.answers);
  return next?.id ?? progress.firstUnfinished?.id ?? CHECK_ANSWERS;
}
