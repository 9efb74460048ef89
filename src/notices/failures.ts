import { fieldsOf } from '../http/fields.js';
/**
 * What a mail server's refusal means for the outbox, told apart by the command it answered and its code:
 * - `unreachable`: no connection, a timeout, or a 4xx to the connection (421): the server is away; try later.
 * - `deferred`: a 4xx to this mail's recipient or content (451 greylisting, 452 mailbox full): this mail later.
 * - `refused`: a 5xx to this mail (550, 551, 553 for its recipient; any 5xx to its content): final for it.
 * - `misconfigured`: a 5xx to the portal itself (535 login, 530 TLS required, a sender or relay refused),
 *   TLS that cannot be set up or a certificate not trusted: no mail can go until a setting changes.
 */
type FailureKind = 'unreachable' | 'deferred' | 'refused' | 'misconfigured';

export interface MailFailure {
  kind: FailureKind;
  /** nodemailer's code (ESOCKET, EAUTH, EENVELOPE …), for the log. */
  code: string;
  /** The server's reply or the underlying cause, on one line, addresses masked: safe to log, keep and show. */
  reply: string;
}

/** Codes a recipient is refused with (RFC 5321 §4.2.2); 5.7.x and "relay" are the portal's own permission. */
const RECIPIENT_REFUSALS = new Set([550, 551, 553]);
const POLICY = /\b5\.7\.\d{1,3}\b|relay/i;
/** What Node's TLS says when it will not trust the server, and what a server says when TLS goes wrong. */
const TLS_TROUBLE = /certificate|self[- ]signed|altnames|ssl|tls|handshake|wrong version number/i;

/** "s…@example.com": enough for an officer to recognise the address, not enough to leak it. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '…';
  return `${address[0]}…${address.slice(at)}`;
}

function maskAddresses(text: string): string {
  return text.replace(/[^\s<>@"':;,()[\]]+@[^\s<>@"':;,()[\]]+/g, maskAddress);
}

export function classifyFailure(error: unknown): MailFailure {
  const { code, response, responseCode, command, message } = fieldsOf(error);
  // A refusal of this mail reads best as the server wrote it; anything else with nodemailer's words before
  // it ("Invalid login: 535 …", "Error upgrading connection with STARTTLS: 500 …").
  const forThisMail = command === 'RCPT TO' || command === 'DATA';
  const said = forThisMail && typeof response === 'string' && response ? response : typeof message === 'string' ? message : String(error);
  const detail = code === 'ETIMEDOUT' ? `timeout: ${said}` : said;
  const reply = maskAddresses(detail).replace(/\s+/g, ' ').trim().slice(0, 300);
  const failure = (kind: FailureKind): MailFailure => ({ kind, code: typeof code === 'string' ? code : error instanceof Error ? error.name : 'Error', reply });
  // Not an answer from the mail server (a mail that could not be made): this mail, later.
  if (typeof code !== 'string') return failure('deferred');
  const status = typeof responseCode === 'number' ? responseCode : undefined;
  if (status && status >= 400 && status < 500) return failure(forThisMail ? 'deferred' : 'unreachable');
  if (status && status >= 500) {
    if (command === 'DATA') return failure('refused');
    if (command === 'RCPT TO' && RECIPIENT_REFUSALS.has(status) && !POLICY.test(detail)) return failure('refused');
    return failure('misconfigured');
  }
  // Refused before a word went to the server: a malformed address or a mail too large for it.
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return failure('refused');
  if (code === 'ETLS' || code === 'EAUTH' || code === 'NoAuth' || TLS_TROUBLE.test(detail)) return failure('misconfigured');
  return failure('unreachable');
}
