import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpListener {
  port: number;
  received: ParsedMail[];
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
export async function smtpListener(): Promise<SmtpListener> {
  const port = await freePort();
  const received: ParsedMail[] = [];
  let refusing = false;
  let server: SMTPServer | undefined;
  return {
    port,
    received,
    refuse: (value) => {
      refusing = value;
    },
    start: async () => {
      if (server) return;
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onConnect: (_session, callback) => {
          if (!refusing) return callback();
          const error = new Error('Service not available') as Error & { responseCode: number };
          error.responseCode = 421;
          callback(error);
        },
        onData: (stream, _session, callback) => {
          simpleParser(stream)
            .then((mail) => {
              received.push(mail);
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
