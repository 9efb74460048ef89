/**
 * What production will not start without besides its secret (src/config.ts): the portal's public
 * https address and a mail server. The server named here is never reached by tests that only read pages.
 */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  BASE_URL: 'https://e-xidmet.example.az',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  // Never reached by tests that only read pages: uploads would be refused with "try again".
  CLAMD_SOCKET: '127.0.0.1:3310',
} as const;
