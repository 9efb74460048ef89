import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** How a test's mail server differs from a plain one that takes every mail (all optional). */
export interface SmtpListenerOptions {
  /** Offers STARTTLS with this certificate, or TLS from the first byte with `implicit`. */
  tls?: { key: string; cert: string; implicit?: boolean };
  /** Asks for a login with one of these users and passwords; any other is refused with 535. */
  users?: Record<string, string>;
  /** Offers the login without TLS too, as a careless server does. */
  insecureAuth?: boolean;
  /** Recipients refused with 550, as a mailbox that does not exist. */
  refuseRecipients?: RegExp;
}

/** A login someone tried: who, and whether the connection was encrypted by then. */
export interface LoginAttempt {
  user: string;
  secure: boolean;
  accepted: boolean;
}

export interface SmtpListener {
  port: number;
  received: ParsedMail[];
  logins: LoginAttempt[];
  /** The names clients gave in EHLO, one per mail taken. */
  ehloNames: string[];
  /** Accepts connections again after `refuse(true)`. */
  refuse: (refusing: boolean) => void;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * A real SMTP server on a port of its own, not listening until `start()`: what it receives is
 * parsed as a mail reader would. While refusing, it answers every connection 421, as a server
 * that is up but not taking mail.
 */
export async function smtpListener(options: SmtpListenerOptions = {}): Promise<SmtpListener> {
  const port = await freePort();
  const received: ParsedMail[] = [];
  const logins: LoginAttempt[] = [];
  const ehloNames: string[] = [];
  let refusing = false;
  let server: SMTPServer | undefined;
  const refusal = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });
  return {
    port,
    received,
    logins,
    ehloNames,
    refuse: (value) => {
      refusing = value;
    },
    start: async () => {
      if (server) return;
      server = new SMTPServer({
        authOptional: !options.users,
        disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.users ? [] : ['AUTH'])],
        allowInsecureAuth: !!options.insecureAuth,
        secure: !!options.tls?.implicit,
        ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
        logger: false,
        onAuth: (auth, session, callback) => {
          const accepted = !!options.users && options.users[auth.username ?? ''] === auth.password;
          logins.push({ user: auth.username ?? '', secure: !!session.secure, accepted });
          if (!accepted) return callback(refusal(535, 'Authentication failed'));
          callback(null, { user: auth.username });
        },
        onRcptTo: (address, _session, callback) => {
          if (options.refuseRecipients?.test(address.address)) return callback(refusal(550, `<${address.address}>: Recipient address rejected: User unknown`));
          callback();
        },
        onConnect: (_session, callback) => {
          if (!refusing) return callback();
          const error = new Error('Service not available') as Error & { responseCode: number };
          error.responseCode = 421;
          callback(error);
        },
        onData: (stream, session, callback) => {
          simpleParser(stream)
            .then((mail) => {
              received.push(mail);
              ehloNames.push(session.hostNameAppearsAs);
              callback();
            })
            .catch(callback);
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
    },
    stop: async () => {
      const running = server;
      server = undefined;
      if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
  };
}
