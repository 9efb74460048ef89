import { VISIT_PURPOSES } from '../model.js';
import { SERVICE_PAGE } from '../paths.js';
import { purposesWithoutOffice } from '../repository.js';
import { noBookingsView } from './no-bookings.js';
import type { StageContext, StageView } from './stage-view.js';

/** Why the visit: the purposes some office takes bookings for. */
export async function purposeView({ deps, reader }: StageContext): Promise<StageView> {
  const { t } = reader;
  // A purpose no office takes bookings for is not offered, and the page says so, with whom to call instead.
  const closed = await purposesWithoutOffice(deps.db);
  return {
    title: t('queue:choose.purpose.title'),
    hint: t('queue:choose.purpose.hint'),
    items: VISIT_PURPOSES.filter((purpose) => !closed.includes(purpose)).map((purpose) => ({ value: purpose, text: t(`queue:purposes.${purpose}`), hint: { text: t(`queue:purposeHints.${purpose}`) } })),
    back: SERVICE_PAGE,
    noBookings: noBookingsView(t, closed),
  };
}
