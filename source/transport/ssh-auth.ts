// Login like OpenSSH: the agent first (under IdentitiesOnly only its keys that are identity files), then each
// identity file in order; an encrypted key asks the PassphraseGate. Every method tried is remembered so an
// auth failure can name them all.
import { existsSync, readFileSync } from 'node:fs';
import type {
  AnyAuthMethod,
  AuthHandlerMiddleware,
  AuthenticationType,
  IdentityCallback,
  ParsedKey,
} from 'ssh2';
import { OpenSSHAgent, utils } from './ssh2-runtime.js';
import type { PassphraseGate } from './transport.js';

/** What the client may log in with. */
export type AuthSettings = {
  host: string;
  user: string;
  agentSocket?: string;
  /** IdentitiesOnly: the agent may offer only the keys of the identity files (a `.pub` beside each will do). */
  identitiesOnly?: boolean;
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
  const key = settings.keyCache.get(path) ?? (await parseKeyFile(settings, path));
  if (typeof key === 'string') return key;
  if (key instanceof Error) return key.message;
  return key.isPrivateKey() ? key : 'a public key: its private key can only be in the agent';
}

async function parseKeyFile(settings: AuthSettings, path: string): Promise<ParsedKey | Error | string> {
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
  return parsed;
}

/** The public key blob of an identity file: its `.pub`, or the file itself (a public or unencrypted key). */
function publicBlobOf(path: string): Buffer | undefined {
  for (const candidate of path.endsWith('.pub') ? [path] : [`${path}.pub`, path]) {
    if (!existsSync(candidate)) continue;
    const parsed = utils.parseKey(readFileSync(candidate));
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (key && !(key instanceof Error)) return key.getPublicSSH();
  }
  return undefined;
}

/** An agent that offers only the given public keys (ssh's IdentitiesOnly with an agent). */
class ListedKeysAgent extends OpenSSHAgent {
  constructor(
    socket: string,
    private readonly allowed: Buffer[],
  ) {
    super(socket);
  }

  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    super.getIdentities((error, keys) => {
      if (error) return cb(error);
      // an OpenSSH agent answers with parsed keys only
      const parsed = (keys ?? []).filter((key): key is ParsedKey => 'getPublicSSH' in key);
      cb(
        undefined,
        parsed.filter((key) => this.allowed.some((blob) => blob.equals(key.getPublicSSH()))),
      );
    });
  }
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
      if (!settings.identitiesOnly) {
        tried.push(`agent (${socket})`);
        return { type: 'agent', username: settings.user, agent: socket };
      }
      const allowed = settings.identityFiles.flatMap((path) => publicBlobOf(path) ?? []);
      if (allowed.length === 0) {
        tried.push(`agent (${socket}: IdentitiesOnly, and no identity file has a public key to pick with)`);
        return undefined;
      }
      tried.push(`agent (${socket}, only the keys of the identity files: IdentitiesOnly)`);
      return { type: 'agent', username: settings.user, agent: new ListedKeysAgent(socket, allowed) };
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
