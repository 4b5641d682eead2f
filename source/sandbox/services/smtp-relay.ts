// The sandbox's SMTP relay on loopback: AUTH PLAIN/LOGIN without TLS, authentication required, every accepted
// message stored as <world>/mail/NNNN.eml plus NNNN.json (envelope, auth user, subject, headers, text).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { listen } from '../lifecycle/listen.js';

/** Demo credentials the relay accepts unless a test sets others. */
export const demoSmtpUser = 'alerts@sandbox.test';
export const demoSmtpPassword = 'sandbox-smtp-demo';

export type SmtpCredentials = { user: string; password: string };

/** One accepted message as stored in `<world>/mail/NNNN.json`. */
export type MailRecord = {
  id: string;
  authUser: string;
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  text: string;
  html: string;
  receivedAt: string;
};

export type SmtpRelay = {
  port: number;
  setCredentials: (credentials: SmtpCredentials) => void;
  close: () => Promise<void>;
};

export function listMail(dir: string): MailRecord[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort();
  return names.map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as MailRecord);
}

export async function startSmtpRelay(
  dir: string,
  port: number,
  initial: SmtpCredentials,
): Promise<SmtpRelay> {
  mkdirSync(dir, { recursive: true });
  let credentials = initial;
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    authOptional: false,
    disabledCommands: ['STARTTLS'],
    banner: 'chom-console sandbox relay',
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password)
        callback(null, { user: auth.username });
      else {
        // smtp-server writes `${responseCode} ${message}`: a code inside the message was said twice
        const refused = Object.assign(new Error('5.7.8 Authentication credentials invalid'), {
          responseCode: 535,
        });
        callback(refused);
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then(
          (mail) => {
            const id = String(listMail(dir).length + 1).padStart(4, '0');
            const headers: Record<string, string> = {};
            for (const line of mail.headerLines)
              headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
            const record: MailRecord = {
              id,
              authUser: String(session.user ?? ''),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              headers,
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              receivedAt: new Date().toISOString(),
            };
            writeFileSync(join(dir, `${id}.eml`), raw);
            writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(record, null, 2)}\n`);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  // SMTPServer re-emits its socket's errors on itself: without a listener a port in use would be thrown as an
  // uncaught exception next to the clear error listen() gives (and a client's reset later, too)
  server.on('error', () => undefined);
  await listen(server.server, port);
  return {
    port,
    setCredentials: (next) => {
      credentials = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Resolves with the first stored message matching `match`, polling the directory (no fixed waits). */
export async function awaitMail(
  dir: string,
  match: (m: MailRecord) => boolean,
  timeoutMs = 30_000,
): Promise<MailRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = listMail(dir).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no mail matching the expectation arrived in ${dir} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
