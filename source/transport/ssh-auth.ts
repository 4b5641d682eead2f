// Login like OpenSSH: the agent first (unless IdentitiesOnly), then each identity file in order; an encrypted
// key asks the PassphraseGate. Every method tried is remembered so an auth failure can name them all.
import { existsSync, readFileSync } from 'node:fs';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType, ParsedKey } from 'ssh2';
import { utils } from './ssh2-runtime.js';
import type { PassphraseGate } from './transport.js';

/** What the client may log in with. */
export type AuthSettings = {
  host: string;
  user: string;
  agentSocket?: string;
  identityFiles: string[];
  /** In-memory private keys (the embedded sandbox hands its client key over directly). */
  privateKeys?: Array<{ label: string; key: Buffer | string }>;
  passphraseGate?: PassphraseGate;
  /** Parsed keys survive reconnects so the operator is asked for a passphrase once. */
  keyCache: Map<string, ParsedKey | Error>;
};

/** The authHandler for ssh2 plus the list of what was tried, for the error message. */
export type AuthPlan = { handler: AuthHandlerMiddleware; tried: string[]; describe(): string };

async function loadKey(settings: AuthSettings, path: string): Promise<ParsedKey | string> {
  const cached = settings.keyCache.get(path);
  if (cached) return cached instanceof Error ? cached.message : cached;
  if (!existsSync(path)) return 'file not found';
  const data = readFileSync(path);
  let parsed = utils.parseKey(data);
  if (parsed instanceof Error && /passphrase|encrypted/i.test(parsed.message)) {
    const passphrase = await settings.passphraseGate?.({ host: settings.host, keyPath: path });
    if (passphrase === undefined) return 'encrypted, no passphrase given';
    parsed = utils.parseKey(data, passphrase);
    if (parsed instanceof Error) return `wrong passphrase (${parsed.message})`;
  }
  if (Array.isArray(parsed)) parsed = parsed[0] ?? new Error('no key in file');
  settings.keyCache.set(path, parsed);
  return parsed instanceof Error ? parsed.message : parsed;
}

export function planAuth(settings: AuthSettings): AuthPlan {
  const tried: string[] = [];
  const steps: Array<() => Promise<AnyAuthMethod | undefined>> = [];
  const socket = settings.agentSocket;
  if (socket !== undefined && socket !== '') {
    steps.push(async () => {
      if (!existsSync(socket)) {
        tried.push(`agent (${socket}: socket missing)`);
        return undefined;
      }
      tried.push(`agent (${socket})`);
      return { type: 'agent', username: settings.user, agent: socket };
    });
  }
  for (const { label, key } of settings.privateKeys ?? []) {
    steps.push(async () => {
      tried.push(`key ${label}`);
      return { type: 'publickey', username: settings.user, key };
    });
  }
  for (const path of settings.identityFiles) {
    steps.push(async () => {
      const key = await loadKey(settings, path);
      if (typeof key === 'string') {
        tried.push(`key ${path} (skipped: ${key})`);
        return undefined;
      }
      tried.push(`key ${path}`);
      return { type: 'publickey', username: settings.user, key };
    });
  }
  const handler: AuthHandlerMiddleware = (_methodsLeft, _partial, next) => {
    const advance = async (): Promise<void> => {
      for (let step = steps.shift(); step; step = steps.shift()) {
        const method = await step();
        if (method) return next(method);
      }
      next(false as unknown as AuthenticationType);
    };
    void advance();
  };
  return {
    handler,
    tried,
    describe: () => (tried.length === 0 ? 'nothing (no agent, no identity file)' : tried.join(', ')),
  };
}
