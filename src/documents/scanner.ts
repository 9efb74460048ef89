import type { Readable } from 'node:stream';

/** What a scanner says of one file: clean, or the name of the signature it matched. */
export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/**
 * Scans a file for malware before it is accepted. clamd is the one in use (./clamd.ts); a test or
 * another engine can stand behind the same three members.
 */
export interface VirusScanner {
  /** What it is and where, for the log: "clamd at /run/clamav/clamd.ctl". */
  readonly name: string;
  /** The engine and its signatures' version ("ClamAV 1.4.6/27480/…"), kept with each file it passed. */
  version: () => Promise<string>;
  scan: (file: Readable) => Promise<ScanVerdict>;
}

/** The scanner could not be asked or gave no verdict: the upload is refused, never accepted unscanned. */
export class ScannerUnavailable extends Error {
  readonly code = 'ESCANNER';
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = 'ScannerUnavailable';
  }
}
