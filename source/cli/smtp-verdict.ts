// The SMTP form's test verdict from the probe's `step=reply` lines (commands/smtp-probe.ts): ok only when
// the server accepted the login, else what it said and what to check.
import type { SmtpProbeValues } from '../commands/smtp-probe.js';

/** The verdict shown under the form. */
export type SmtpProbeResult = { ok: boolean; message: string };

/** Reads the script's `step=reply` lines: ok only when AUTH answered 235. */
export function parseSmtpProbe(stdout: string, values: SmtpProbeValues): SmtpProbeResult {
  const replies = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) replies.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  const where = `${values.host}:${values.port}`;
  const connect = replies.get('connect');
  if (connect !== undefined) return { ok: false, message: connect };
  // some servers repeat the code in the text (`535 535 5.7.8 …`): say it once
  const auth = replies.get('auth')?.replace(/^(\d{3})([ -])\1 /, '$1$2');
  if (auth === undefined) {
    const banner = replies.get('banner') ?? 'no banner';
    return { ok: false, message: `${where} did not get as far as AUTH: ${banner}` };
  }
  if (auth.startsWith('235'))
    return { ok: true, message: `login accepted by ${where} (${auth}); no mail was sent` };
  const hint = auth.startsWith('535')
    ? 'check the username and password'
    : auth.startsWith('530') || auth.startsWith('538')
      ? 'the server wants encryption first: try tls'
      : 'check host, port and encryption';
  return { ok: false, message: `login refused by ${where}: ${auth} — ${hint}` };
}
