import type { TFunction } from 'i18next';
import { returningTasks, servicesByGroup } from '../catalogue/index.js';
import type { ServiceDefinition, SpeedId } from '../catalogue/types.js';
import { stackable, type Cell } from '../forms/table-view.js';

/** The fee schedule as govukTable rows, in the page language. */
export function feeTable(service: ServiceDefinition, t: TFunction, money: (amount: number) => string): { head: Cell[]; rows: Cell[][] } | null {
  const fee = service.fee;
  if (fee.kind === 'free') return null;
  const head = [t('common:service.period'), ...fee.speeds.map((speed) => t(`services:speeds.${speed}`))];
  return stackable(
    head,
    fee.rows.map((row) => [t(`services:periods.${row.period}`), ...row.amounts.map((amount) => money(amount))]),
  );
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

/** The few facts a person needs before starting: the fee, how long, how many documents. */
export function startFacts(service: ServiceDefinition, t: TFunction, money: (amount: number) => string): string[] {
  const facts: string[] = [];
  const fee = service.fee;
  if (fee.kind === 'free') facts.push(t('help:start.free'));
  else {
    const amounts = fee.rows.flatMap((row) => row.amounts);
    const lowest = Math.min(...amounts);
    facts.push(t('help:start.fee', { fee: amounts.length > 1 ? t('help:start.feeFrom', { amount: money(lowest) }) : money(lowest) }));
  }
  const standard = service.deadline?.standard;
  if (standard) {
    const duration = t(`common:duration.${standard.unit}`, { count: standard.amount });
    const faster = fee.kind === 'schedule' && fee.speeds.length > 1;
    facts.push(t(faster ? 'help:start.timeFaster' : 'help:start.time', { duration }));
  }
  if (service.journey && service.documents.length) facts.push(t('help:start.documents', { count: service.documents.length }));
  if (service.journey) facts.push(t('help:start.save'));
  return facts;
}

/** The home page: what people coming back do, then every service in its group. */
export function homeModel(): Record<string, unknown> {
  return { returning: returningTasks(), groups: servicesByGroup() };
}
