import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { BASE } from '../context.js';

/**
 * A browser an officer signed in with gets a device cookie (OWASP, "Slow Down Online Guessing
 * Attacks with Device Cookies"): the officer's id, a random id of its own, when it was given, and a
 * MAC made with a key of the server's. Sign-in failures from it count against it alone, so what a
 * stranger does from elsewhere never makes this browser wait. It opens nothing by itself.
 */
const COOKIE = 'sms-device';
const LIFETIME_DAYS = 180;
const VALUE = new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]+)`);

export interface Device {
  officerId: string;
  id: string;
}

/** The key device cookies are signed with, made from the session secret for this use only. */
export function deviceKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('officer-device-cookie').digest();
}

function mac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(body).digest();
}

/** The browser's device cookie when it is one of ours, unaltered and not too old; else nothing. */
export function readDevice(req: Request, key: Buffer, now: Date): Device | undefined {
  const value = VALUE.exec(req.headers.cookie ?? '')?.[1];
  const parts = value?.split('.');
  if (!parts || parts.length !== 4) return undefined;
  const [officerId, id, issued, signature] = parts as [string, string, string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, `${officerId}.${id}.${issued}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const ageDays = (now.getTime() / 1000 - Number(issued)) / 86_400;
  return ageDays >= 0 && ageDays <= LIFETIME_DAYS ? { officerId, id } : undefined;
}

/** A new device cookie for the officer who just signed in on this browser. */
export function giveDevice(res: Response, key: Buffer, officerId: string, now: Date, secure: boolean): void {
  const body = `${officerId}.${randomBytes(16).toString('base64url')}.${Math.floor(now.getTime() / 1000)}`;
  res.cookie(COOKIE, `${body}.${mac(key, body).toString('base64url')}`, {
    path: BASE,
    maxAge: LIFETIME_DAYS * 86_400_000,
    httpOnly: true,
    sameSite: 'strict',
    secure,
    // The value is ours already: no encoding of its own.
    encode: (text) => text,
  });
}
