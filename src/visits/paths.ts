import { onlineQueue } from '../catalogue/services/online-queue.js';

/** Where the electronic queue's pages are: booking a visit, and opening one with its code to change or cancel it. */
export const SERVICE = onlineQueue.id;
export const SERVICE_PAGE = `/services/${SERVICE}`;
export const BOOK_PATH = onlineQueue.usePath!;
export const DETAILS_PATH = `${BOOK_PATH}/details`;
export const CONFIRMATION_PATH = `${BOOK_PATH}/confirmation`;
export const MANAGE_PATH = `${SERVICE_PAGE}/manage`;
export const BOOKING_PATH = `${MANAGE_PATH}/booking`;
export const CHANGE_PATH = `${MANAGE_PATH}/change`;
export const CANCEL_PATH = `${MANAGE_PATH}/cancel`;
export const CANCELLED_PATH = `${MANAGE_PATH}/cancelled`;

/** What a booked visit gives to keep: a page to print and a calendar file. */
export const PRINT_PATH = `${SERVICE_PAGE}/visit/print`;
export const CALENDAR_PATH = `${SERVICE_PAGE}/visit.ics`;
