import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clamdScanner } from '../../src/documents/clamd.js';
import { ScannerUnavailable } from '../../src/documents/scanner.js';
import { EICAR, EICAR_REPORTED, startClamd, type TestClamd } from '../support/clamd.js';
import { fixtureFile } from '../support/journey.js';

let clamd: TestClamd;
beforeAll(async () => {
  clamd = await startClamd();
});
afterAll(async () => clamd?.close());

const scanner = () => clamdScanner({ path: clamd.socket });

describe('the clamd client (INSTREAM over the socket)', () => {
  it('names clamd and its version', async () => {
    expect(scanner().name).toBe(`clamd at ${clamd.socket}`);
    expect(await scanner().version()).toMatch(/^ClamAV \d+\.\d+\.\d+/);
  });

  it('passes a clean file and names the signature of an infected one, however the stream is cut into chunks', async () => {
    expect(await scanner().scan(Readable.from([fixtureFile('passport.pdf')]))).toEqual({ infected: false });
    expect(await scanner().scan(Readable.from([EICAR]))).toEqual({ infected: true, signature: EICAR_REPORTED });
    // One byte a chunk, and an empty chunk among them: the framing, not the chunks, carries the file.
    const bytes = [...EICAR].map((byte) => Buffer.from([byte]));
    expect(await scanner().scan(Readable.from([Buffer.alloc(0), ...bytes]))).toEqual({ infected: true, signature: EICAR_REPORTED });
    // Larger than one read: 6 MB in 64 kB chunks.
    const large = Array.from({ length: 96 }, () => Buffer.alloc(64 * 1024, 0x20));
    expect(await scanner().scan(Readable.from(large))).toEqual({ infected: false });
  });

  it('is unavailable, with the cause, when nothing listens or the file cannot be read', async () => {
    const nowhere = clamdScanner({ path: `${clamd.socket}.missing` });
    await expect(nowhere.version()).rejects.toThrow(ScannerUnavailable);
    await expect(nowhere.scan(Readable.from([EICAR]))).rejects.toThrow(/ENOENT/);
    const broken = new Readable({ read() { this.destroy(new Error('disk gone')); } });
    await expect(scanner().scan(broken)).rejects.toThrow(ScannerUnavailable);
  });
});
