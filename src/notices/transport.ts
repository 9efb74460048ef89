import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import nodemailer from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { MailConfig, SmtpSettings } from '../config.js';

interface OutgoingMail {
  /** The outbox row's id: the Message-ID and, without a server, the file's name are made of it. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string;
}

/** How the portal reached the server, as the start line and /readyz tell it. */
type TlsMode = 'implicit' | 'STARTTLS' | 'none';

/** The server answered a check: how the connection was protected, and what it said. */
interface ServerAnswer {
  tls: TlsMode;
  reply: string;
}

/** Hands a mail to a mail server (or a folder) and resolves once it took it; rejects otherwise. */
export interface MailTransport {
  /** Resolves with the server's reply once it took the mail. */
  send: (mail: OutgoingMail) => Promise<string | void>;
  /** Connects, sets up TLS and logs in as a mail would, sends nothing; rejects as a mail would fail. */
  check: () => Promise<ServerAnswer>;
  close: () => void;
  /** 'smtp' or 'files', for the log. */
  kind: string;
  /** What the log says the portal is set to use (never the password). */
  settings: Record<string, string | number>;
}

/**
 * The same outbox row always makes the same Message-ID: if a mail was handed over but the worker
 * stopped before it marked the row sent, the copy sent again is recognisably the same message. The
 * host is the portal's own (BASE_URL's), so a change of sender does not change it.
 */
function messageIdOf(id: string, domain: string): string {
  return `<notice-${id}@${domain}>`;
}

function message(mail: OutgoingMail, messageIdDomain: string) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: messageIdOf(mail.id, messageIdDomain),
    headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
  };
}

/** Waits at most these for a server, so one that stops answering fails the attempt instead of holding it. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * nodemailer's options for the settings. Certificates are always checked (a private authority is trusted
 * besides the system's, never instead of checking); with TLS required, STARTTLS must succeed before
 * anything else is said; with a login, it is always tried (nodemailer would otherwise send without one
 * when the server does not offer AUTH).
 */
function connectionOptions(smtp: SmtpSettings): SMTPTransport.Options & { forceAuth: boolean } {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.implicitTls,
    requireTLS: !smtp.implicitTls && smtp.requireTls,
    auth: smtp.auth,
    forceAuth: !!smtp.auth,
    name: smtp.ehloName,
    tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ...(smtp.ca ? { ca: [...rootCertificates, smtp.ca] } : {}) },
    ...TIMEOUTS,
  };
}

function tlsSetting(smtp: SmtpSettings): string {
  return smtp.implicitTls ? 'implicit' : smtp.requireTls ? 'STARTTLS' : 'STARTTLS if offered';
}

/** One connection as a mail would make it, up to the login, then QUIT. */
function checkServer(smtp: SmtpSettings): Promise<ServerAnswer> {
  return new Promise((resolve, reject) => {
    const connection = new SMTPConnection(connectionOptions(smtp));
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      connection.close();
      reject(error);
    };
    const answered = (reply: string) => {
      if (settled) return;
      settled = true;
      const tls: TlsMode = smtp.implicitTls ? 'implicit' : connection.secure ? 'STARTTLS' : 'none';
      connection.quit();
      resolve({ tls, reply });
    };
    connection.once('error', fail);
    connection.once('end', () => fail(Object.assign(new Error('Connection closed'), { code: 'ECONNECTION' })));
    connection.connect(() => {
      if (!smtp.auth) return answered('answered');
      connection.login(smtp.auth, (error) => (error ? fail(error) : answered('answered, login accepted')));
    });
  });
}

export function smtpTransport(smtp: SmtpSettings, identity: { messageIdDomain?: string } = {}): MailTransport {
  const transport = nodemailer.createTransport(connectionOptions(smtp));
  const domain = identity.messageIdDomain ?? 'localhost';
  return {
    kind: 'smtp',
    settings: { host: smtp.host, port: smtp.port, tls: tlsSetting(smtp), ...(smtp.auth ? { user: smtp.auth.user } : {}), ehlo: smtp.ehloName },
    send: async (mail) => {
      const info = await transport.sendMail(message(mail, domain));
      return info.response;
    },
    check: () => checkServer(smtp),
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
export function fileTransport(directory: string, identity: { messageIdDomain?: string } = {}): MailTransport {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const domain = identity.messageIdDomain ?? 'localhost';
  return {
    kind: 'files',
    settings: { directory },
    check: async () => ({ tls: 'none', reply: 'written to files' }),
    send: async (mail) => {
      const info = await transport.sendMail(message(mail, domain));
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
  if (mail.smtp) return smtpTransport(mail.smtp, mail);
  return env === 'production' ? undefined : fileTransport(mail.directory, mail);
}
