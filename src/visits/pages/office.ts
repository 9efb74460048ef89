import type { Language } from '../../i18n/languages.js';
import { query } from '../flow.js';
import { officeAddress, officeName, OFFICE_IDS } from '../model.js';
import { BOOK_PATH, BOOKING_PATH } from '../paths.js';
import { openOffices } from '../repository.js';
import { noBookingsView } from './no-bookings.js';
import type { RadioItem, StageContext, StageView } from './stage-view.js';

function officeItem(id: string, lang: Language): RadioItem {
  const address = officeAddress(id, lang);
  return { value: id, text: officeName(id, lang), ...(address ? { hint: { text: address } } : {}) };
}

/** Where: the offices taking bookings for the purpose, in the list's order. */
export async function officeView({ deps, flow, choice, reader }: StageContext): Promise<StageView> {
  const offices = await openOffices(deps.db, choice.purpose!);
  const items = OFFICE_IDS.filter((id) => offices.some((office) => office.office_id === id)).map((id) => officeItem(id, reader.lang));
  return {
    title: reader.t('queue:choose.office.title'),
    items,
    back: flow.mode === 'book' ? `${BOOK_PATH}${query({ purpose: choice.purpose })}` : BOOKING_PATH,
    // Closed since the purpose was chosen (or an old link): said as the purpose page would have said it.
    noBookings: items.length ? undefined : noBookingsView(reader.t, [choice.purpose!]),
  };
}
