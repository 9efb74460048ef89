import { dueDate, feeFields, reducedAmount, type FeeStep } from '../steps/fee.js';
import type { FieldView } from '../fields/types.js';
import { showQuestion, submitQuestion, type RenderExtra } from './question-page.js';
import type { StepPage } from './step-page.js';
import { stackable } from '../table-view.js';

/** The fee table as it applies to this applicant (after any reduction), and each speed's decision date. */
function feeExtra(page: StepPage<FeeStep>): RenderExtra {
  const { step, reader, state } = page;
  const reduction = step.reduction?.(state.progress.answers, { today: state.today, answers: state.progress.answers }) ?? null;
  const money = (amount: number) => reader.formatMoney(reducedAmount(step.fee, amount, reduction));
  const table = stackable(
    [reader.t('common:service.period'), ...step.fee.speeds.map((speed) => reader.t(`services:speeds.${speed}`))],
    step.fee.rows.map((row) => [reader.t(`services:periods.${row.period}`), ...row.amounts.map((amount) => money(amount))]),
  );
  return {
    model: { feeTable: table, reduction: reduction ? reader.t(`forms:fee.reductions.${reduction}`) : '' },
    decorate: (views: FieldView[]) => {
      const speed = views.find((view) => view.name === 'speed');
      for (const item of (speed?.params.items as { value: string; hint?: { text: string } }[] | undefined) ?? []) {
        const date = dueDate(step.deadline, item.value as never, state.today);
        item.hint = { text: reader.t('forms:fee.decisionByDate', { date: reader.formatDate(date) }) };
      }
    },
  };
}

export function showFee(page: StepPage<FeeStep>): void {
  showQuestion(page, feeFields(page.step), feeExtra(page));
}

export function submitFee(page: StepPage<FeeStep>): Promise<void> {
  return submitQuestion(page, feeFields(page.step), feeExtra(page));
}
