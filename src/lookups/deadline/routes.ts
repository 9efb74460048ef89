import type { Request, Response } from 'express';
import { registrationDeadlineCalculator } from '../../catalogue/services/registration-deadline-calculator.js';
import { VISA_FREE_STAY_DAYS, VISA_TYPES, type VisaType } from '../../catalogue/services/registration-at-place-of-stay.js';
import { readerOf } from '../../forms/context.js';
import { todayInBaku } from '../../time/calendar.js';
import { date, radios, select } from '../../forms/fields/index.js';
import { countryName } from '../../i18n/countries.js';
import { daysWords, readQuestion, renderQuestion, type LookupDeps, type LookupQuestion } from '../page.js';
import { calculateDeadlines } from './calculate.js';

const SERVICE = registrationDeadlineCalculator.id;
export const CALCULATOR_PATH = registrationDeadlineCalculator.usePath!;

/** The visa's end date, asked under the option that has one, must not be before the entry. */
export const CALCULATOR: LookupQuestion = {
  service: SERVICE,
  namespace: 'checks',
  page: 'deadline',
  fields: [
    date('entryDate'),
    select('citizenship', 'countriesAndStateless'),
    radios('visaType', VISA_TYPES, { reveal: { eVisa: [date('eVisaEndDate')], visa: [date('visaEndDate')] } }),
  ],
  check: (values) => {
    const field = values.visaType === 'eVisa' ? 'eVisaEndDate' : values.visaType === 'visa' ? 'visaEndDate' : undefined;
    return field && String(values[field]) < String(values.entryDate) ? [{ field, code: 'beforeEntry', part: 'day' }] : [];
  },
};

const BACK = `/services/${SERVICE}`;

export function showCalculator(_deps: LookupDeps, _req: Request, res: Response): void {
  renderQuestion(res, CALCULATOR, { action: CALCULATOR_PATH, backHref: BACK });
}

/** Answers at once from the rules; nothing typed is kept anywhere. */
export function calculate(deps: LookupDeps, req: Request, res: Response): void {
  const { raw, values, errors } = readQuestion(CALCULATOR, req, deps.clock());
  if (!values) return renderQuestion(res, CALCULATOR, { action: CALCULATOR_PATH, backHref: BACK, raw, errors });
  const visaType = values.visaType as VisaType;
  const today = todayInBaku(deps.clock());
  const input = {
    entryDate: String(values.entryDate),
    citizenship: String(values.citizenship),
    visaType,
    visaEndDate: visaType === 'eVisa' ? String(values.eVisaEndDate) : visaType === 'visa' ? String(values.visaEndDate) : undefined,
  };
  const deadlines = calculateDeadlines(input, today);
  const reader = readerOf(res);
  const { t } = reader;
  res.set('Cache-Control', 'no-store').render('lookups/deadline.njk', {
    serviceName: t(`services:services.${SERVICE}.name`),
    deadlines,
    entryDate: reader.formatDate(input.entryDate),
    registerBy: reader.formatDate(deadlines.registerBy),
    stayUntil: reader.formatDate(deadlines.stayUntil),
    registerDays: daysWords(reader, 'checks:deadline.days', deadlines.daysToRegister),
    stayDays: daysWords(reader, 'checks:deadline.days', deadlines.daysOfStay),
    rule: deadlines.longerByAgreement
      ? t('checks:deadline.ruleByAgreement', { count: deadlines.registrationDays, country: countryName(input.citizenship, reader.lang) ?? input.citizenship })
      : t('checks:deadline.rule', { count: deadlines.registrationDays }),
    stayRule: visaType === 'visaFree' ? t('checks:deadline.stayVisaFree', { count: VISA_FREE_STAY_DAYS }) : t(`checks:deadline.stay.${visaType}`),
    againHref: CALCULATOR_PATH,
  });
}
