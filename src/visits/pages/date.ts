import { query } from '../flow.js';
import { formatDayWithWeekday } from '../format.js';
import { officeName } from '../model.js';
import { freeDaysOf, type StageContext, type StageView } from './stage-view.js';

/** Which day: the office's days with a free time, each saying how many. */
export async function dateView(context: StageContext): Promise<StageView> {
  const { flow, choice, reader } = context;
  const { t, lang } = reader;
  const office = choice.office!;
  const back = `${flow.base}${flow.mode === 'book' ? '/office' : ''}${query({ purpose: flow.mode === 'book' ? choice.purpose : undefined, office: office.office_id })}`;
  return {
    title: t('queue:choose.date.title', { office: officeName(office.office_id, lang) }),
    items: (await freeDaysOf(context)).map((day) => ({ value: day.day, text: formatDayWithWeekday(day.day, lang), hint: { text: t('queue:choose.date.times', { count: day.times.length }) } })),
    back,
    empty: { text: t('queue:choose.date.empty', { count: office.days_ahead }), href: back, link: t('queue:choose.date.emptyLink') },
  };
}
