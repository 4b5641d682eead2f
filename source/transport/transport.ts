// The Transport contract: everything the engine may ask of a host. Implemented by the ssh2 client
// (real hosts, real sshd, the embedded sandbox) and by the fake transport of the engine tests.
// Plain types only: the engine imports this file, never ssh2.

/** One command to run on a host. `command` is a bash script; the caller has already quoted it. */
export type ExecRequest = {
  command: string;
  /** Written to the channel and then ended: the only way a secret may travel. */
  stdin?: string | Buffer;
  /** Kills the remote process (signal, then channel close) after this many milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called per complete line (without the newline), in order, as output arrives. */
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
  /** Bytes of stdout/stderr kept in the result (each); output beyond is streamed but not kept. */
  captureLimit?: number;
};

export type ExecResult = {
  /** null when the process was ended by a signal. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** True when the capture limit was reached and the kept output is only the first part. */
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
  /** For a timed-out command: whether it was found ended on the host afterwards. */
  remoteEnd?: RemoteEnd;
};

export type UploadRequest = {
  data: Buffer;
  remotePath: string;
  /** Octal permission bits such as 0o640. */
  mode: number;
  signal?: AbortSignal;
};

export type UploadResult = { sha256: string; bytes: number };

export type ConnectionInfo = {
  host: string;
  address: string;
  port: number;
  user: string;
  /** `SHA256:…` of the host key actually verified. */
  fingerprint: string;
  /** How the key was trusted: found in known_hosts, pinned in the profile, or accepted by the operator. */
  trust: 'known-hosts' | 'pinned' | 'accepted' | 'embedded';
  serverVersion: string;
  connectMs: number;
};

/** Why a transport operation failed; the CLI maps unreachable/host-key/auth to exit code 3. */
export type TransportErrorKind =
  | 'unreachable'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'auth-failed'
  | 'connection-lost'
  | 'timeout'
  | 'aborted'
  | 'channel'
  | 'sftp'
  | 'checksum';

/**
 * What became of a command the transport cut short (abort or timeout), as checked on the host afterwards:
 * `ended` only once nothing of it was found running; otherwise what is known, and a command that shows it.
 */
export type RemoteEnd =
  | { kind: 'ended' }
  | { kind: 'unknown'; reason: string; check: string }
  | { kind: 'left'; processes: string[]; check: string };

export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    /** What the operator can do about it, one sentence. */
    readonly hint?: string,
    /** For `aborted`: what became of the command that was running when the abort came (none had started: absent). */
    readonly remoteEnd?: RemoteEnd,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface Transport {
  /** The profile's host name (landsraad, mentat). */
  readonly host: string;
  /** Opens (or reuses) the connection; idempotent. Rejects with a TransportError. */
  connect(): Promise<ConnectionInfo>;
  exec(request: ExecRequest): Promise<ExecResult>;
  /** Writes via a temporary name, sets the mode, renames, and verifies sha256 on the host. */
  upload(request: UploadRequest): Promise<UploadResult>;
  download(remotePath: string, signal?: AbortSignal): Promise<Buffer>;
  /** Connection state, for the home screen and headers. */
  status(): 'idle' | 'connecting' | 'connected' | 'lost' | 'closed';
  /**
   * One round trip over the open connection (a keepalive request: no channel, nothing runs on the host), in
   * ms. Never connects: rejects when no connection is open. Optional: a transport without one shows no latency.
   */
  roundTrip?(): Promise<number>;
  close(): Promise<void>;
}

/** Asked when a host key is not in known_hosts and not pinned: true accepts (and records) it. */
export type HostKeyGate = (question: {
  host: string;
  address: string;
  port: number;
  keyType: string;
  fingerprint: string;
  /** The name known_hosts would record it under (`[address]:port`, or the config's HostKeyAlias). */
  knownHostsName?: string;
  /** The file an accepted key is added to (the first UserKnownHostsFile); none with UserKnownHostsFile none. */
  knownHostsFile?: string;
}) => Promise<boolean>;

/** Asked for the passphrase of an encrypted private key; undefined skips the key. */
export type PassphraseGate = (question: { host: string; keyPath: string }) => Promise<string | undefined>;
