// Decides whether to trust the key a server presents: the in-process host's own key, a pinned fingerprint,
// the known_hosts files (the user's, then the global ones, under HostKeyAlias when set, as ssh looks them up),
// or the operator (HostKeyGate) for a key never seen. A changed key is refused without asking; a config's
// StrictHostKeyChecking can only make this stricter (`yes`: never ask), never looser.
import { fingerprintOf, keyTypeOf } from './host-key.js';
import { appendKnownHost, knownHostName, readKnownHosts, verdictFor } from './known-hosts.js';
import { TransportError, type ConnectionInfo, type HostKeyGate } from './transport.js';

/** Where the trust decision comes from for one host. */
export type HostTrustSettings = {
  host: string;
  address: string;
  port: number;
  /** UserKnownHostsFile: read first; an accepted key is added to the first of them. */
  userKnownHostsFiles: string[];
  /** GlobalKnownHostsFile: read after the user's files, never written. */
  globalKnownHostsFiles: string[];
  /** HostKeyAlias: the name looked up and recorded instead of the address (and port). */
  hostKeyAlias?: string;
  /** StrictHostKeyChecking yes: a key never seen is refused without asking. */
  refuseUnknown?: boolean;
  pinnedFingerprint?: string;
  embeddedFingerprint?: string;
  hostKeyGate?: HostKeyGate;
};

/** A verified key, or the TransportError explaining the refusal. */
export type TrustDecision =
  { ok: true; fingerprint: string; trust: ConnectionInfo['trust'] } | { ok: false; error: TransportError };

function refuse(kind: 'host-key-changed' | 'host-key-unknown', message: string, hint: string): TrustDecision {
  return { ok: false, error: new TransportError(kind, message, hint) };
}

export async function decideTrust(settings: HostTrustSettings, blob: Buffer): Promise<TrustDecision> {
  const fingerprint = fingerprintOf(blob);
  const keyType = keyTypeOf(blob);
  const where = `${settings.host} (${settings.address}:${settings.port})`;
  const pinned = settings.embeddedFingerprint ?? settings.pinnedFingerprint;
  if (pinned !== undefined) {
    if (pinned === fingerprint)
      return { ok: true, fingerprint, trust: settings.embeddedFingerprint ? 'embedded' : 'pinned' };
    return refuse(
      'host-key-changed',
      `host key of ${where} is ${fingerprint}, but the profile pins ${pinned}; refusing to connect`,
      'If the server was reinstalled, confirm the new fingerprint out of band and update the pinned fingerprint in the profile.',
    );
  }
  const name = settings.hostKeyAlias ?? knownHostName(settings.address, settings.port);
  const files = [...settings.userKnownHostsFiles, ...settings.globalKnownHostsFiles];
  const verdict = verdictFor(files.flatMap(readKnownHosts), name, keyType, blob);
  const filesText = files.length === 0 ? 'no known_hosts file (UserKnownHostsFile none)' : files.join(', ');
  const userFile = settings.userKnownHostsFiles[0];
  switch (verdict.kind) {
    case 'match':
      return { ok: true, fingerprint, trust: 'known-hosts' };
    case 'revoked':
      return refuse(
        'host-key-changed',
        `host key ${fingerprint} of ${where} is marked @revoked in ${verdict.file ?? '?'}:${verdict.line}`,
        'Do not connect; ask the server administrator for the current host key.',
      );
    case 'changed':
      return refuse(
        'host-key-changed',
        `HOST KEY CHANGED for ${where}: it presents ${keyType} ${fingerprint}, but ${verdict.file ?? '?'}:${verdict.line} records ${verdict.knownFingerprint}; refusing to connect`,
        `If the change is expected, verify the new fingerprint out of band, then remove line ${verdict.line} of ${verdict.file ?? '?'} (ssh-keygen -R '${name}' -f ${verdict.file ?? '?'}).`,
      );
    case 'unknown': {
      const compare = `Compare the fingerprint with \`ssh-keygen -lf /etc/ssh/ssh_host_${keyType.replace(/^ssh-/, '').replace(/-.*/, '')}_key.pub\` on the server`;
      if (settings.refuseUnknown)
        return refuse(
          'host-key-unknown',
          `host key of ${where} is not known (${keyType} ${fingerprint} as ${name}, not in ${filesText}), and StrictHostKeyChecking yes in your ssh config forbids asking`,
          `${compare}, then add it to ${userFile ?? 'a known_hosts file'} as ${name} or pin it in the profile.`,
        );
      const accepted = settings.hostKeyGate
        ? await settings.hostKeyGate({
            host: settings.host,
            address: settings.address,
            port: settings.port,
            keyType,
            fingerprint,
            knownHostsName: name,
            ...(userFile !== undefined && { knownHostsFile: userFile }),
          })
        : false;
      if (!accepted) {
        return refuse(
          'host-key-unknown',
          `host key of ${where} is not known (${keyType} ${fingerprint} as ${name}, not in ${filesText}) and was not accepted`,
          `${compare}, then accept it or pin it in the profile.`,
        );
      }
      // as ssh: recorded in the first user file; with UserKnownHostsFile none, accepted for this connection only
      if (userFile !== undefined) appendKnownHost(userFile, name, keyType, blob);
      return { ok: true, fingerprint, trust: 'accepted' };
    }
    default: {
      const never: never = verdict;
      return never;
    }
  }
}
