import type { Journey } from './journey.js';
import type { Answers, FieldError, RawAnswers, RawStep, StepContext, StepResult } from './model.js';
import { validateFee } from './steps/fee.js';
import { validateExit, validateNotice } from './steps/notice.js';
import { validatePrefill } from './steps/prefill.js';
import { validateFields } from './steps/question.js';
import { validateRepeat } from './steps/repeat.js';
import type { Step } from './steps/types.js';

export const CHECK_ANSWERS = 'check';

export interface Progress {
  /** Steps the applicant passes through, in order, up to the first one not finished. */
  path: Step[];
  /** The first step without valid answers, or null when every step on the path is done. */
  firstUnfinished: Step | null;
  /** Errors of that step when it has been answered but wrongly (never for an untouched step). */
  errors: FieldError[];
  /** Accepted values of every finished step on the path, by step id. */
  answers: Answers;
}

function validateStep(step: Step, raw: RawStep | undefined, context: StepContext): StepResult {
  switch (step.kind) {
    case 'question':
      return validateFields(step.fields, raw, context, step.check);
    case 'repeat':
      return validateRepeat(step, raw, context);
    case 'fee':
      return validateFee(step, raw, context);
    case 'notice':
      return validateNotice(raw);
    case 'exit':
      return validateExit();
    case 'prefill':
      return validatePrefill(raw, context);
  }
}

export function stepById(journey: Journey, id: string): Step | undefined {
  return journey.steps.find((step) => step.id === id);
}

function isAsked(journey: Journey, step: Step, answers: Answers, today: string): boolean {
  return journey.conditions[step.id]?.(answers, { today, answers }) ?? true;
}

/**
 * Walks the journey from its first step with what is saved. A step not asked on this path (after a
 * change of who applies) keeps its saved answers in the draft but counts for nothing. Errors are
 * told only for a step the applicant has sent (`touched`), never for one merely opened.
 */
export function walk(journey: Journey, raw: RawAnswers, today: string, touched: (stepId: string) => boolean = (id) => !!raw[id]): Progress {
  const path: Step[] = [];
  const answers: Answers = {};
  const pending = [...journey.checks];
  for (const step of journey.steps) {
    if (!isAsked(journey, step, answers, today)) continue;
    path.push(step);
    const result = validateStep(step, raw[step.id], { today, answers });
    if (!result.ok) return { path, firstUnfinished: step, errors: touched(step.id) ? result.errors : [], answers };
    answers[step.id] = result.values;
    // A check across steps runs once everything it reads is done, and sends the applicant back to its field.
    for (const check of [...pending]) {
      if (!answers[check.step] || !check.uses.every((id) => answers[id])) continue;
      pending.splice(pending.indexOf(check), 1);
      const failure = check.run(answers, { today, answers });
      if (failure) {
        const owner = path.find((candidate) => candidate.id === check.step)!;
        delete answers[check.step];
        return { path, firstUnfinished: owner, errors: [{ field: check.field, code: failure.code, values: failure.values }], answers };
      }
    }
  }
  return { path, firstUnfinished: null, errors: [], answers };
}
