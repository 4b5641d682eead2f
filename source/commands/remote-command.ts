// A remote command as data: pure builders make it, the engine runs it over a Transport (Kamal style).

/** One command for one host: a bash script, optional stdin (the only place a secret may travel). */
export type RemoteCommand = {
  host: string;
  script: string;
  stdin?: string;
  /** True when stdin (or the command's output) carries a secret: journal and panes get it redacted. */
  sensitive: boolean;
  /** One line for the step list and the command log when the script is long. */
  description: string;
  timeoutMs?: number;
};

/** Run ids and tokens end up unquoted inside file names: letters, digits, `-` and `_` only. */
export function assertToken(token: string, where: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(token)) {
    throw new Error(`${where}: "${token}" is not a valid run id (letters, digits, "-", "_").`);
  }
}
