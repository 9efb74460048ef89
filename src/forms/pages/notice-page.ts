import type { ExitStep, NoticeStep } from '../steps/types.js';
import { actionOf, proceed, renderStep, stepText, type StepPage } from './step-page.js';

function noticeValues(page: StepPage<NoticeStep | ExitStep>): Record<string, string> {
  const { step } = page;
  const { answers } = page.state.progress;
  const values = step.values?.(answers, { today: page.state.today, answers }) ?? {};
  // Dates in the words read as dates in the page language.
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, /^\d{4}-\d{2}-\d{2}$/.test(value) ? page.reader.formatDate(value) : value]));
}

/** A notice or an exit: words, and for a notice a button to go on. */
export function showNotice(page: StepPage<NoticeStep | ExitStep>): void {
  const values = noticeValues(page);
  renderStep(page, 'forms/notice.njk', {
    title: stepText(page, 'title', values),
    body: stepText(page, 'body', values).split('\n\n'),
    final: page.step.kind === 'exit',
  });
}

export async function submitNotice(page: StepPage<NoticeStep | ExitStep>): Promise<void> {
  const { state, req, res } = page;
  if (page.step.kind === 'exit') return res.redirect(303, `${state.base}/${page.step.id}`);
  await state.save(page.step.id, {});
  if (actionOf(req) === 'save') return res.redirect(303, `${state.base}/saved`);
  proceed(page);
}
