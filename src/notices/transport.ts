import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config.js';

export interface OutgoingMail {
  /** The outbox row's id: the Message-ID and, without a server, the file's name are made of it. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string;
}

/** Hands a mail to a mail server (or a folder) and resolves once it took it; rejects otherwise. */
export interface MailTransport {
  send: (mail: OutgoingMail) => Promise<void>;
  close: () => void;
  /** 'smtp' or 'files', for the log. */
  kind: string;
}

/**
 * The same outbox row always makes the same Message-ID: if a mail was handed over but the worker
 * stopped before it marked the row sent, the copy sent again is recognisably the same message.
 */
export function messageIdOf(id: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<notice-${id}@${domain}>`;
}

function message(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: messageIdOf(mail.id, mail.from),
    headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
  };
}

/** A mail server: waits at most these for it, so a server that stops answering fails the attempt instead of holding it. */
export function smtpTransport(smtp: NonNullable<MailConfig['smtp']>): MailTransport {
  const transport = nodemailer.createTransport({ ...smtp, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    kind: 'smtp',
    send: async (mail) => {
      await transport.sendMail(message(mail));
    },
    close: () => transport.close(),
  };
}

/** What the folder keeps beside each .eml for the development mail page. */
export interface MailSummary {
  id: string;
  to: string;
  subject: string;
  text: string;
  language: string;
  writtenAt: string;
}

/** Development without a mail server: each mail an .eml file named after its outbox row (sent again, the same file). */
export function fileTransport(directory: string): MailTransport {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'files',
    send: async (mail) => {
      const info = await transport.sendMail(message(mail));
      mkdirSync(directory, { recursive: true });
      const file = path.join(directory, `${mail.id}.eml`);
      writeFileSync(`${file}.partial`, info.message as Buffer);
      renameSync(`${file}.partial`, file);
      // What /dev/mail lists and shows, without parsing MIME.
      const summary: MailSummary = { id: mail.id, to: mail.to, subject: mail.subject, text: mail.text, language: mail.language, writtenAt: new Date().toISOString() };
      writeFileSync(path.join(directory, `${mail.id}.json`), JSON.stringify(summary));
    },
    close: () => transport.close(),
  };
}

/** The server configured, else files outside production; in production without a server, none: mail waits in the outbox. */
export function createMailTransport(mail: MailConfig, env: 'development' | 'production' | 'test'): MailTransport | undefined {
  if (mail.smtp) return smtpTransport(mail.smtp);
  return env === 'production' ? undefined : fileTransport(mail.directory);
}
