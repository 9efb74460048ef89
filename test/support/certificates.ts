import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
  /** The certificate as a file, to trust it through SMTP_CA_FILE. */
  certFile: string;
  remove: () => void;
}

/** A self-signed certificate for localhost and 127.0.0.1, made by openssl in a folder of its own. */
export function selfSignedCertificate(): Certificate {
  const folder = mkdtempSync(path.join(tmpdir(), 'smtp-tls-'));
  const keyFile = path.join(folder, 'key.pem');
  const certFile = path.join(folder, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
