import { createHash } from 'node:crypto';
import { countOrRefuse } from '../../security/limits.js';
import { stepById } from '../engine.js';
import { radios } from '../fields/radios.js';
import type { Answers, FieldError, RawStep } from '../model.js';
import { renderAnswers } from '../render-answers.js';
import { rawFromValues, type PrefillStep } from '../steps/prefill.js';
import { readFields, validateFields } from '../steps/question.js';
import { renderQuestion } from './question-page.js';
import { actionOf, proceed, stepText, type StepPage } from './step-page.js';
import { clientAddress } from '../../security/client-address.js';
import { fieldsOf } from '../../http/fields.js';

/** On the page, once something is found, the choice must be made. */
const USE_EARLIER_ASKED = radios('useEarlier', ['yes', 'no'], { inline: true });

const digest = (value: string) => createHash('sha256').update(value).digest('hex');

/** Every lookup is counted, by address and by the record guessed at, before anything is read. */
async function lookUp(page: StepPage<PrefillStep>): Promise<Answers | null> {
  const { step } = page;
  const { answers } = page.state.progress;
  await countOrRefuse(page.deps.db, [
    { key: `prefill:ip:${clientAddress(page.req)}`, limit: page.deps.limits.prefillPerAddress },
    { key: `prefill:${page.state.service.id}:${digest(step.guessedAt(answers))}`, limit: page.deps.limits.prefillPerRecord },
  ]);
  return step.find(page.deps.db, answers);
}

function render(page: StepPage<PrefillStep>, earlier: Answers | null, raw: RawStep | undefined, errors: readonly FieldError[]): void {
  if (!earlier) {
    renderQuestion(page, [], undefined, [], { model: { title: stepText(page, 'notFoundTitle'), intro: stepText(page, 'notFound') } });
    return;
  }
  const { step } = page;
  const found = Object.fromEntries(step.fills.filter((id) => earlier[id]).map((id) => [id, earlier[id]!]));
  renderQuestion(page, [USE_EARLIER_ASKED], raw, errors, { model: { foundCards: renderAnswers(page.state.service, found, page.reader) } });
}

export async function showPrefill(page: StepPage<PrefillStep>): Promise<void> {
  render(page, await lookUp(page), page.state.raw[page.step.id], []);
}

/** Taking the earlier answers writes them into the later steps, where they can still be changed. */
export async function submitPrefill(page: StepPage<PrefillStep>): Promise<void> {
  const { state, req, res, step } = page;
  const action = actionOf(req);
  const earlier = await lookUp(page);
  const typed = earlier ? readFields([USE_EARLIER_ASKED], fieldsOf(req.body)) : {};
  if (earlier && action !== 'save') {
    const result = validateFields([USE_EARLIER_ASKED], typed, { today: state.today, answers: state.progress.answers });
    if (!result.ok) return render(page, earlier, typed, result.errors);
  }
  if (earlier && typed.useEarlier === 'yes' && action !== 'save') {
    for (const id of step.fills) {
      const target = stepById(state.service.journey, id);
      if (target?.kind === 'question' && earlier[id]) await state.save(id, rawFromValues(target.fields, earlier[id], earlier));
    }
  }
  await state.save(step.id, typed);
  if (action === 'save') return res.redirect(303, `${state.base}/saved`);
  proceed(page);
}
