/**
 * What production will not start without (src/config.ts): a secret it does not refuse, a payment provider
 * named, the portal's public https address, a mail server and clamd. The servers named here are never
 * reached by tests that only read pages.
 */
export const PRODUCTION_WITHOUT_MAIL = {
  NODE_ENV: 'production',
  SESSION_SECRET: '3f9c0d6be2a7481f95c4e8d02b7a6f13c8e5d9a40b6f2c7e1d8a5b3f0c9e6a72',
  PAYMENT_PROVIDER: 'none',
  BASE_URL: 'https://e-xidmet.example.az',
  // Never reached by tests that only read pages: uploads would be refused with "try again".
  CLAMD_SOCKET: '127.0.0.1:3310',
} as const;

/** The same with a mail server, for tests whose mail is never sent. */
export const PRODUCTION_ENV = { ...PRODUCTION_WITHOUT_MAIL, SMTP_URL: 'smtp://127.0.0.1:2525' } as const;
