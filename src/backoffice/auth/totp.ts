/** Loaded by the first officer who sets up or types a code, not by every process as it starts. */
const totp = () => import('otplib');

/** Codes from one step before or after are accepted: a phone's clock is rarely exact. */
const TOLERANCE_SECONDS = 30;

export async function newTotpSecret(): Promise<string> {
  return (await totp()).generateSecret();
}

/** The otpauth address an authenticator app reads, and the same as a QR code drawn in SVG (no image to fetch). */
export async function totpEnrolment(secret: string, email: string, issuer: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = (await totp()).generateURI({ issuer, label: email, secret });
  const { default: QRCode } = await import('qrcode');
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { uri, qrSvg };
}

/**
 * Whether a typed code is right now, and its time step, so the same code cannot be used again
 * (a code seen over a shoulder or replayed from a log is worth nothing).
 */
export async function checkTotp(secret: string, typed: string, now: Date, lastStep: string | null): Promise<{ valid: true; step: number } | { valid: false }> {
  const token = typed.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { valid: false };
  const { verify } = await totp();
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastStep ? { afterTimeStep: Number(lastStep) } : {}),
  }).catch(() => ({ valid: false as const }));
  // The step the code belongs to: now's, moved by how far off the phone's clock was.
  return result.valid ? { valid: true, step: Math.floor(now.getTime() / 1000 / 30) + result.delta } : { valid: false };
}
