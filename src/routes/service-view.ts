import type { TFunction } from 'i18next';
import type { ServiceDefinition, SpeedId } from '../catalogue/types.js';

type Cell = { text: string; format?: 'numeric' };

/** The fee schedule as govukTable rows, in the page language. */
export function feeTable(service: ServiceDefinition, t: TFunction, money: (amount: number) => string): { head: Cell[]; rows: Cell[][] } | null {
  const fee = service.fee;
  if (fee.kind === 'free') return null;
  return {
    head: [{ text: t('common:service.period') }, ...fee.speeds.map((speed) => ({ text: t(`services:speeds.${speed}`), format: 'numeric' as const }))],
    rows: fee.rows.map((row) => [
      { text: t(`services:periods.${row.period}`) },
      ...row.amounts.map((amount) => ({ text: money(amount), format: 'numeric' as const })),
    ]),
  };
}

const SPEEDS: SpeedId[] = ['standard', 'faster', 'fastest'];

/** "Standard: 20 working days" lines, or one line when there is one speed. */
export function deadlineLines(service: ServiceDefinition, t: TFunction): string[] {
  const deadline = service.deadline;
  if (!deadline) return [];
  const speeds = SPEEDS.filter((speed) => deadline[speed]);
  return speeds.map((speed) => {
    const { amount, unit } = deadline[speed]!;
    const duration = t(`common:duration.${unit}`, { count: amount });
    return speeds.length > 1 ? `${t(`services:speeds.${speed}`)}: ${duration}` : duration;
  });
}
