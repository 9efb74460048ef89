import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { MailSummary } from './transport.js';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function summaries(directory: string): MailSummary[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json') && ID.test(name.slice(0, -'.json'.length)))
    .map((name) => JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as MailSummary)
    .sort((a, b) => b.writtenAt.localeCompare(a.writtenAt));
}

/**
 * The mail written as files when no mail server is configured, for whoever develops the portal:
 * a list, each mail's text, and the .eml itself. Mounted only outside production (see app.ts).
 */
export function devMailRoutes(directory: string): Router {
  const router = Router();
  router.get('/dev/mail', (_req, res) => {
    res.set('Cache-Control', 'no-store').render('dev/mail.njk', { mails: summaries(directory), directory });
  });
  router.get('/dev/mail/:file', (req, res, next) => {
    const file = req.params.file;
    const eml = file.endsWith('.eml');
    const id = eml ? file.slice(0, -'.eml'.length) : file;
    if (!ID.test(id) || !existsSync(path.join(directory, `${id}.json`))) return next();
    if (eml) {
      // As text, never as a page: the mail's HTML is not run in the portal's origin.
      res.set('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send(readFileSync(path.join(directory, `${id}.eml`)));
      return;
    }
    const mail = JSON.parse(readFileSync(path.join(directory, `${id}.json`), 'utf8')) as MailSummary;
    res.set('Cache-Control', 'no-store').render('dev/mail-message.njk', { mail });
  });
  return router;
}
