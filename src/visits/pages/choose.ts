import type { Response } from 'express';
import { readerOf } from '../../forms/context.js';
import type { Reader } from '../../forms/words.js';
import type { LookupDeps } from '../../lookups/page.js';
import { carried, NEXT_PAGE, param, REQUIRED, resolveChoice, STAGES, TAKEN, type Choice, type Flow, type FlowOf, type Stage, type StageError } from '../flow.js';
import { dateView } from './date.js';
import { officeView } from './office.js';
import { purposeView } from './purpose.js';
import type { StageContext, StageView } from './stage-view.js';
import { timeView } from './time.js';
import { serviceNameOf, type VisitHandle } from './visit-page.js';

const VIEWS: Record<Stage, (context: StageContext) => Promise<StageView>> = { purpose: purposeView, office: officeView, date: dateView, time: timeView };

/** The govukRadios of a choice's page: what is offered now, the choice made (or the booking's) ticked. */
function radiosOf(stage: Stage, view: StageView, chosen: string, errorText: string | undefined, t: Reader['t']) {
  return {
    name: stage,
    idPrefix: stage,
    fieldset: { legend: { text: view.title, isPageHeading: true, classes: 'govuk-fieldset__legend--l' } },
    hint: view.hint ? { text: view.hint } : undefined,
    errorMessage: errorText ? { text: errorText, visuallyHiddenText: t('common:errorPrefix') } : undefined,
    items: view.items.map((item) => ({ ...item, checked: item.value === chosen })),
    classes: view.items.length > 6 ? 'govuk-radios--small' : undefined,
  };
}

/** One choice's page: its radios built from what is offered now (no script needed), sent on by a GET, or by a POST where it changes a booking. */
async function renderStage(deps: LookupDeps, res: Response, flow: Flow, stage: Stage, choice: Choice, params: Record<string, unknown>, error?: StageError): Promise<void> {
  const reader = readerOf(res);
  const view = await VIEWS[stage]({ deps, flow, choice, reader });
  const chosen = param(params, stage) || flow.current?.[stage] || '';
  const errorText = error ? reader.t(`queue:choose.${stage}.errors.${error.code}`) : undefined;
  res
    .status(error?.status ?? 200)
    .set('Cache-Control', 'no-store')
    .render('visits/choose.njk', {
      serviceName: serviceNameOf(reader),
      title: view.title,
      backHref: view.back,
      action: view.post ? flow.base : `${flow.base}/${NEXT_PAGE[stage]}`,
      method: view.post ? 'post' : 'get',
      hidden: carried(flow, choice, stage),
      empty: view.items.length ? undefined : view.empty,
      noBookings: view.noBookings,
      errorList: errorText ? [{ text: errorText, href: `#${stage}` }] : [],
      radios: radiosOf(stage, view, chosen, errorText, reader.t),
      button: reader.t(view.post ? 'queue:change.button' : 'forms:continue'),
    });
}

/** The choices up to `upTo`; or, where one fails, its page again saying why, and nothing. */
export async function choiceOrAskAgain(deps: LookupDeps, res: Response, flow: Flow, params: Record<string, unknown>, upTo: Stage, why: (failed: Stage) => StageError): Promise<Choice | undefined> {
  const { choice, failed } = await resolveChoice(deps, params, upTo, flow);
  if (!failed) return choice;
  await renderStage(deps, res, flow, failed, choice, params, why(failed));
  return undefined;
}

/** The time chosen was taken by another between the page and the booking: the day's times again, read afresh. */
export function takenMeanwhile(deps: LookupDeps, res: Response, flow: Flow, choice: Choice): Promise<void> {
  return renderStage(deps, res, flow, 'time', { ...choice, free: undefined }, {}, TAKEN);
}

/** A choice page: the one before must be answered; if it is not (or no longer offered), that page again, saying so. */
export function stagePage(stage: Stage, flowOf: FlowOf): VisitHandle {
  return async (deps, req, res) => {
    const flow = await flowOf(deps, req, res);
    if (!flow) return;
    const before = STAGES[STAGES.indexOf(stage) - 1];
    const choice = before ? await choiceOrAskAgain(deps, res, flow, req.query, before, () => REQUIRED) : {};
    if (choice) await renderStage(deps, res, flow, stage, choice, req.query);
  };
}
