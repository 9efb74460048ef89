import net from 'node:net';
import { Transform, type Readable } from 'node:stream';
import type { ClamdAddress } from '../config.js';
import { ScannerUnavailable, type ScanVerdict, type VirusScanner } from './scanner.js';

/** Silence this long (no connection, no answer) means clamd is not there for us. */
const IDLE_TIMEOUT_MS = 30_000;

function describeClamdAddress(address: ClamdAddress): string {
  return 'path' in address ? address.path : `${address.host}:${address.port}`;
}

/**
 * clamd over its socket, one connection per command, in its NUL-terminated ("z") form:
 * `zVERSION` for the engine and signatures, `zINSTREAM` for a file sent as length-prefixed chunks
 * ending with a zero length. Written here rather than taken from npm: `clamscan` writes its
 * socket errors to the console, ignores back-pressure and wants clamd up when it starts, and
 * `clamdjs` is unmaintained; the protocol is a page long and tested against a real clamd.
 */
export function clamdScanner(address: ClamdAddress): VirusScanner {
  return {
    name: `clamd at ${describeClamdAddress(address)}`,
    version: () => converse(address, (socket) => socket.end('zVERSION\0')),
    scan: async (file) => verdictOf(await converse(address, (socket) => sendStream(socket, file))),
  };
}

function verdictOf(reply: string): ScanVerdict {
  if (reply === 'stream: OK') return { infected: false };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { infected: true, signature: found[1]! };
  // "INSTREAM size limit exceeded. ERROR", "… ERROR" of a scan that failed: no verdict.
  throw new ScannerUnavailable(`clamd gave no verdict: ${reply.slice(0, 200)}`);
}

/** Each chunk with its length before it, then the zero length that ends the stream. */
function instreamFrames(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!chunk.length) return done();
      const length = Buffer.alloc(4);
      length.writeUInt32BE(chunk.length);
      done(null, Buffer.concat([length, chunk]));
    },
    flush(done) {
      done(null, Buffer.alloc(4));
    },
  });
}

function sendStream(socket: net.Socket, file: Readable): void {
  socket.write('zINSTREAM\0');
  file.on('error', (error) => socket.destroy(error));
  // An answer before the end (a size limit) closes the socket: the file is not read further.
  socket.once('close', () => file.destroy());
  // pipe waits for the socket to drain; the socket stays open for the verdict.
  file.pipe(instreamFrames()).pipe(socket, { end: false });
}

/** Connects, sends, and reads the reply up to its NUL; any failure on the way is the scanner being unavailable. */
function converse(address: ClamdAddress, send: (socket: net.Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(address);
    let reply = Buffer.alloc(0);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      outcome();
    };
    const fail = (error: Error) =>
      settle(() => reject(error instanceof ScannerUnavailable ? error : new ScannerUnavailable(`clamd at ${describeClamdAddress(address)}: ${error.message}`, { cause: error })));
    socket.setTimeout(IDLE_TIMEOUT_MS, () => fail(new Error('no answer in time')));
    socket.on('error', fail);
    socket.on('connect', () => send(socket));
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      const end = reply.indexOf(0);
      if (end >= 0) settle(() => resolve(reply.subarray(0, end).toString('utf8').trim()));
    });
    // Closed without a NUL: what came (perhaps nothing) is all there is.
    socket.on('close', () => (reply.length ? settle(() => resolve(reply.toString('utf8').trim())) : fail(new Error('closed without an answer'))));
  });
}
