import type { Response } from 'express';
import { normaliseDocumentNumber } from '../../catalogue/blocks/person.js';
import { readerOf } from '../../forms/context.js';
import type { FieldError, StepValues } from '../../forms/model.js';
import { saveSession } from '../../forms/pages/step-page.js';
import { fieldsOf } from '../../http/fields.js';
import type { Language } from '../../i18n/languages.js';
import { readQuestion, renderQuestion } from '../../lookups/page.js';
import { BOOK_FLOW, query, REQUIRED, takenOrMissing, type Choice } from '../flow.js';
import { BOOK_PATH, CONFIRMATION_PATH, DETAILS_PATH } from '../paths.js';
import { VISIT_DETAILS } from '../questions.js';
import { book, type NewBooking } from '../repository.js';
import { bookingRows } from '../rows.js';
import { choiceOrAskAgain, takenMeanwhile } from './choose.js';
import { countBooking, type VisitHandle } from './visit-page.js';

/** Each choice's page, to change it from the summary: the choices before it carried, and its own ticked. */
function changeLinks(chosen: { purpose: string; office: string; day: string; time: string }): Record<string, string> {
  const { purpose, office, day: date, time } = chosen;
  return {
    purpose: `${BOOK_PATH}${query({ purpose })}`,
    office: `${BOOK_PATH}/office${query({ purpose, office })}`,
    date: `${BOOK_PATH}/date${query({ purpose, office, date })}`,
    time: `${BOOK_PATH}/time${query({ purpose, office, date, time })}`,
  };
}

/** Who comes: the visit chosen, summed up with a link back to each choice, and the person's details asked. */
function renderDetails(res: Response, choice: Choice, options: { raw?: Record<string, unknown>; errors?: FieldError[]; status?: number } = {}): void {
  const chosen = { purpose: choice.purpose!, office: choice.office!.office_id, day: choice.day!, time: choice.time! };
  const params = { purpose: chosen.purpose, office: chosen.office, date: chosen.day, time: chosen.time };
  renderQuestion(res, VISIT_DETAILS, {
    action: DETAILS_PATH,
    backHref: `${BOOK_PATH}/time${query(params)}`,
    raw: options.raw,
    errors: options.errors,
    status: options.status,
    template: 'visits/details.njk',
    model: { hidden: params, rows: bookingRows(readerOf(res), chosen, changeLinks(chosen)) },
  });
}

function newBooking(choice: Choice, values: StepValues, language: Language): NewBooking {
  return {
    officeId: choice.office!.office_id,
    purpose: choice.purpose!,
    day: choice.day!,
    starts: choice.time!,
    documentNumber: normaliseDocumentNumber(String(values.documentNumber)),
    dateOfBirth: String(values.dateOfBirth),
    language,
    email: values.email ? String(values.email) : undefined,
  };
}

export const showDetails: VisitHandle = async (deps, req, res) => {
  const choice = await choiceOrAskAgain(deps, res, BOOK_FLOW, req.query, 'time', () => REQUIRED);
  if (choice) renderDetails(res, choice);
};

export const sendDetails: VisitHandle = async (deps, req, res) => {
  const params = fieldsOf(req.body);
  // The time was free when chosen and is not now: someone took its last seat (or the day's last) meanwhile.
  const choice = await choiceOrAskAgain(deps, res, BOOK_FLOW, params, 'time', (failed) => takenOrMissing(failed, params));
  if (!choice) return;
  const { raw, values, errors } = readQuestion(VISIT_DETAILS, req, deps.clock());
  if (!values) return renderDetails(res, choice, { raw, errors });
  await countBooking(deps, req);
  const result = await book(deps.db, newBooking(choice, values, readerOf(res).lang), deps.clock(), deps.notice);
  if (!result.ok && result.reason === 'alreadyBooked') return renderDetails(res, choice, { raw, errors: [{ field: 'documentNumber', code: 'alreadyBooked' }], status: 409 });
  if (!result.ok) return takenMeanwhile(deps, res, BOOK_FLOW, choice);
  req.session.visit = { booked: { id: result.booking.id, code: result.code } };
  await saveSession(req);
  res.redirect(303, CONFIRMATION_PATH);
};
