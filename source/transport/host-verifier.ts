// Decides whether to trust the key a server presents: the in-process host's own key, a pinned fingerprint,
// known_hosts, or the operator (HostKeyGate) for a key never seen. A changed key is refused without asking.
import { fingerprintOf, keyTypeOf } from './host-key.js';
import { appendKnownHost, knownHostName, readKnownHosts, verdictFor } from './known-hosts.js';
import { TransportError, type ConnectionInfo, type HostKeyGate } from './transport.js';

/** Where the trust decision comes from for one host. */
export type HostTrustSettings = {
  host: string;
  address: string;
  port: number;
  knownHostsPath: string;
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
  const name = knownHostName(settings.address, settings.port);
  const verdict = verdictFor(readKnownHosts(settings.knownHostsPath), name, keyType, blob);
  switch (verdict.kind) {
    case 'match':
      return { ok: true, fingerprint, trust: 'known-hosts' };
    case 'revoked':
      return refuse(
        'host-key-changed',
        `host key ${fingerprint} of ${where} is marked @revoked in ${settings.knownHostsPath}:${verdict.line}`,
        'Do not connect; ask the server administrator for the current host key.',
      );
    case 'changed':
      return refuse(
        'host-key-changed',
        `HOST KEY CHANGED for ${where}: it presents ${keyType} ${fingerprint}, but ${settings.knownHostsPath}:${verdict.line} records ${verdict.knownFingerprint}; refusing to connect`,
        `If the change is expected, verify the new fingerprint out of band, then remove line ${verdict.line} of ${settings.knownHostsPath} (ssh-keygen -R '${name}' -f ${settings.knownHostsPath}).`,
      );
    case 'unknown': {
      const accepted = settings.hostKeyGate
        ? await settings.hostKeyGate({
            host: settings.host,
            address: settings.address,
            port: settings.port,
            keyType,
            fingerprint,
          })
        : false;
      if (!accepted) {
        return refuse(
          'host-key-unknown',
          `host key of ${where} is not known (${keyType} ${fingerprint}, not in ${settings.knownHostsPath}) and was not accepted`,
          `Compare the fingerprint with \`ssh-keygen -lf /etc/ssh/ssh_host_${keyType.replace(/^ssh-/, '').replace(/-.*/, '')}_key.pub\` on the server, then accept it or pin it in the profile.`,
        );
      }
      appendKnownHost(settings.knownHostsPath, name, keyType, blob);
      return { ok: true, fingerprint, trust: 'accepted' };
    }
    default: {
      const never: never = verdict;
      return never;
    }
  }
}
