import { fieldsOf } from '../../http/fields.js';
import { changeFlow, takenOrMissing } from '../flow.js';
import { BOOKING_PATH, MANAGE_PATH } from '../paths.js';
import { moveBooking } from '../repository.js';
import { choiceOrAskAgain, takenMeanwhile } from './choose.js';
import { countBooking, type VisitHandle } from './visit-page.js';

/** Moves the booking opened with its code to the office, day and time chosen, if still free. */
export const sendChange: VisitHandle = async (deps, req, res) => {
  const flow = await changeFlow(deps, req, res);
  if (!flow) return;
  const params = fieldsOf(req.body);
  const choice = await choiceOrAskAgain(deps, res, flow, params, 'time', (failed) => takenOrMissing(failed, params));
  if (!choice) return;
  await countBooking(deps, req);
  const moved = await moveBooking(deps.db, req.session.visit!.manage!, { officeId: choice.office!.office_id, day: choice.day!, starts: choice.time! }, deps.clock(), deps.notice);
  if (moved === 'gone') return res.redirect(303, MANAGE_PATH);
  if (moved !== 'moved') return takenMeanwhile(deps, res, flow, choice);
  res.redirect(303, `${BOOKING_PATH}?done=changed`);
};
