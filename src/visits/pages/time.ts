import { carried, query } from '../flow.js';
import { formatDayWithWeekday } from '../format.js';
import { freeDaysOf, type StageContext, type StageView } from './stage-view.js';

/** What time: the day's free times; where a booking is being moved, the last page, sent to move it. */
export async function timeView(context: StageContext): Promise<StageView> {
  const { flow, choice, reader } = context;
  const { t } = reader;
  const free = (await freeDaysOf(context)).find((day) => day.day === choice.day);
  const back = `${flow.base}/date${query({ ...carried(flow, choice, 'date'), date: choice.day })}`;
  return {
    title: t('queue:choose.time.title', { date: formatDayWithWeekday(choice.day!, reader.lang) }),
    hint: t('queue:choose.time.hint'),
    items: (free?.times ?? []).map((time) => ({ value: time, text: time })),
    back,
    empty: { text: t('queue:choose.time.empty'), href: back, link: t('queue:choose.time.emptyLink') },
    post: flow.mode === 'change',
  };
}
