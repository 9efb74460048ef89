import type { Knex } from 'knex';
import * as foundation from './20261124000000_foundation.js';
import * as engineV2 from './20261125000000_engine_v2.js';
import * as backoffice from './20261129000000_backoffice.js';
import * as decisions from './20261129100000_decisions.js';
import * as officerSecurity from './20261129200000_officer_security.js';
import * as travelBans from './20261129300000_travel_bans.js';
import * as queueIndexes from './20261129400000_queue_indexes.js';
import * as tracking from './20261130000000_tracking.js';
import * as visitBooking from './20261130100000_visit_booking.js';
import * as notices from './20261201000000_notices.js';
import * as payments from './20261201100000_payments.js';
import * as applicantNames from './20261203100000_applicant_names.js';
import * as informationReplyBy from './20261203200000_information_reply_by.js';
import * as visitBookingEmail from './20261203210000_visit_booking_email.js';
import * as decisionDocuments from './20261203300000_decision_documents.js';
import * as signInThrottles from './20261203500000_sign_in_throttles.js';
import * as documentScans from './20261203600000_document_scans.js';
import * as mailOperations from './20261203800000_mail_operations.js';

/**
 * Every migration, in order. Listed here rather than read from the folder so the same code
 * runs under tsx, vitest and the compiled build (knex cannot load .ts files by itself).
 */
export const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261124000000_foundation': foundation,
  '20261125000000_engine_v2': engineV2,
  '20261129000000_backoffice': backoffice,
  '20261129100000_decisions': decisions,
  '20261129200000_officer_security': officerSecurity,
  '20261129300000_travel_bans': travelBans,
  '20261129400000_queue_indexes': queueIndexes,
  '20261130000000_tracking': tracking,
  '20261130100000_visit_booking': visitBooking,
  '20261201000000_notices': notices,
  '20261201100000_payments': payments,
  '20261203100000_applicant_names': applicantNames,
  '20261203200000_information_reply_by': informationReplyBy,
  '20261203210000_visit_booking_email': visitBookingEmail,
  '20261203300000_decision_documents': decisionDocuments,
  '20261203500000_sign_in_throttles': signInThrottles,
  '20261203600000_document_scans': documentScans,
  '20261203800000_mail_operations': mailOperations,
};
