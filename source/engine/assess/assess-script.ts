// One host's probes as ONE bash script (one round trip), and the split of its output back into probes.
// Probes run in a few parallel lanes (process substitutions read in order by the parent shell), so the
// output of one probe is never interleaved with another's, and nothing is written on the host: no temp
// files, only pipes. Markers carry a per-run nonce, so a probe's own output cannot forge them.
import { quote } from '../../lib/shell-quote.js';

/**
 * One probe's shell script, ready to run (already interpolated and wrapped for sudo/cwd). `as`: for a probe that
 * runs as another user, that user and the script before the sudo wrapping (probes of one user share a sudo).
 */
export type BatchItem = {
  id: string;
  script: string;
  timeoutSeconds: number;
  as?: { user: string; script: string };
};

/** What the host printed for one probe. `exit` is null when the probe never reported (batch cut short). */
export type BatchOutput = { stdout: string; stderr: string; exit: number | null; durationMs: number | null };

/** Probes of one host run at most this many at once (a production host is not a benchmark). */
const defaultLanes = 6;

/**
 * Commands that start a runtime (PHP, psql, systemd's client, a stand-in) weigh more than file reads. A name
 * counts as a command only standing alone: `app.php`, `php8.2-fpm` and `php-fpm: pool` are not PHP.
 */
const heavy =
  /(?<![\w.-])(php|psql|pg_dump|systemctl|pgrep|curl|redis-cli|artisan|promtool|amtool)(?![\w.-])/g;

/** A rough cost of a script: 1, plus 4 per heavy command it runs. */
export function scriptWeight(script: string): number {
  return 1 + 4 * (script.match(heavy)?.length ?? 0);
}

/** Deals items into at most `lanes` lanes, heaviest first into the lightest lane (longest-processing-time). */
export function laneItems<T>(
  items: readonly T[],
  lanes: number,
  weight: (item: T) => number = () => 1,
): T[][] {
  const count = Math.max(1, Math.min(lanes, items.length));
  const out: T[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  const sorted = items
    .map((item, index) => ({ item, index, w: weight(item) }))
    .sort((a, b) => b.w - a.w || a.index - b.index);
  for (const { item, w } of sorted) {
    const lane = load.indexOf(Math.min(...load));
    out[lane]!.push(item);
    load[lane]! += w;
  }
  return out;
}

/**
 * The harness every lane's probes run in: the never-ready pipe (a sleep without a process, for the watchdogs),
 * the time limit for probes that start a runtime, and the per-probe markers around stdout, exit code and stderr.
 */
function harness(marker: string, timed = true): string[] {
  return [
    // A pipe this shell holds both ends of (Linux opens /dev/fd/N of a pipe read-write): `read -t` on it is a
    // sleep that needs no process, for the watchdogs below. Where no probe has a time limit, /dev/null stands
    // in (never read; the light probes only close it): one fork less.
    timed ? 'exec {__chom_never}<> <(:)' : 'exec {__chom_never}</dev/null',
    // A probe that starts a runtime runs as a job in its own process group, beside a watchdog that sleeps in
    // bash (read -t, no exec) and then ends the whole group (the probe and everything it started): TERM, and
    // KILL 2 s later. The watchdog does the killing itself, so the limit holds even when this shell is gone
    // (a batch cut short or aborted), as it did with timeout(1); CONT after TERM wakes a stopped group, as
    // timeout(1) does. A probe that died of a signal after its limit reports 124 (also after the KILL, where
    // timeout(1) says 137); one that traps TERM and exits reports its own code. Two forks instead of timeout(1) and a new bash: half the CPU.
    // EPOCHREALTIME needs bash 5.0; an older bash uses timeout(1).
    '__chom_limited() {',
    '  local limit=$1 __chom_script=$2 pid dog rc t0 t1',
    '  if ((BASH_VERSINFO[0] < 5)); then',
    '    exec {__chom_never}>&-',
    '    timeout -k 2 "$limit" bash -c "$__chom_script"; return',
    '  fi',
    '  t0=${EPOCHREALTIME/[.,]/}',
    '  set -m',
    '  { set +m; exec {__chom_never}>&-; set --; eval "$__chom_script"; } & pid=$!',
    '  { read -t "$limit" -u "$__chom_never"; kill -TERM -- "-$pid"; kill -CONT -- "-$pid"; read -t 2 -u "$__chom_never"; kill -KILL -- "-$pid"; } 2>/dev/null & dog=$!',
    '  set +m',
    '  wait "$pid"; rc=$?',
    '  kill "$dog" 2>/dev/null; wait "$dog" 2>/dev/null',
    '  t1=${EPOCHREALTIME/[.,]/}',
    '  if ((rc > 128 && t1 - t0 >= limit * 1000000)); then return 124; fi',
    '  return "$rc"',
    '}',
    // Per probe: ONE fork (the command substitution capturing stderr; stdout goes straight to the lane on fd 4)
    // and no clock process (EPOCHREALTIME); the substitution's status is the probe's, also when it calls
    // `exit`. The subshell's own stdout becomes the lane and its stderr the capture before the probe runs, so
    // a probe's EXIT trap prints where the probe would, and no extra fd of the harness is open in it.
    // The substitution drops stderr's trailing newlines: non-empty stderr is given back with exactly one.
    '__chom_probe() {',
    '  local index=$1 limit=$2 script=$3 err rc t started',
    '  t=${EPOCHREALTIME:-0}; started=${t/[.,]/}',
    `  printf '%s:begin:%s\\n' ${quote(marker)} "$index"`,
    // light probes (file reads) run in the substitution's subshell; those that start a runtime get a time limit
    '  if [ "$limit" = 0 ]; then',
    '    err=$(exec 3>&1 1>&4 2>&3 3>&- 4>&- {__chom_never}>&-; set --; eval "$script" </dev/null); rc=$?',
    '  else',
    '    err=$(exec 3>&1 1>&4 2>&3 3>&- 4>&-; __chom_limited "$limit" "$script" </dev/null); rc=$?',
    '  fi',
    '  t=${EPOCHREALTIME:-0}; t=${t/[.,]/}',
    `  printf '\\n%s:exit:%s:%s:%s\\n%s\\n%s:end:%s\\n' ${quote(marker)} "$index" "$rc" "$(( (t - started) / 1000 ))" "\${err:+$err$'\\n'}" ${quote(marker)} "$index"`,
    '}',
  ];
}

/** One probe's call in a lane: index, time limit in seconds (0: a light probe, no watchdog) and script. */
function probeCall(index: number, item: BatchItem, script: string): string {
  const limit = scriptWeight(item.script) > 1 ? Math.max(1, Math.ceil(item.timeoutSeconds)) : 0;
  return `__chom_probe ${index} ${limit} ${quote(script)}`;
}

type Indexed = { item: BatchItem; index: number };

/** `sudo -n bash -c` (root) or `sudo -n -u USER bash -c`, as privilege.ts wraps a single script. */
function sudoBash(user: string): string {
  return user === 'root' ? 'sudo -n bash -c' : `sudo -n -u ${quote(user)} bash -c`;
}

/**
 * A lane of probes that run as another user: ONE sudo for all of them (sudo closes the harness's descriptors,
 * so the lane's shell sets it up again). When sudo itself refuses (1: no password, 126/127: cannot run), each
 * probe runs wrapped on its own as before, so each reports sudo's own error; the lane's shell exits 0 otherwise.
 */
function userLane(user: string, lane: Indexed[], marker: string): string[] {
  const timed = lane.some(({ item }) => scriptWeight(item.script) > 1);
  const inner = [
    'exec 4>&1',
    ...harness(marker, timed),
    ...lane.map(({ item, index }) => probeCall(index, item, item.as!.script)),
    'exit 0',
  ].join('\n');
  const one = lane.map(({ item, index }) => `    ${probeCall(index, item, item.script)}`);
  return [`  ${sudoBash(user)} ${quote(inner)}`, '  case $? in 1 | 126 | 127)', ...one, '  esac'];
}

/**
 * The batch script. Per probe it prints `M:begin:i`, the probe's stdout, `M:exit:i:rc:ms`, its stderr and
 * `M:end:i`, each marker on its own line (a newline is added before the exit and end markers; the
 * splitter removes exactly that one). Probes of one other user (two or more) share a lane under one sudo.
 */
export function batchScript(items: readonly BatchItem[], nonce: string, lanes = defaultLanes): string {
  const marker = `chom-assess-${nonce}`;
  const lines = [
    `# chom-console assess: ${items.length} read-only probes in one round trip`,
    'set +e',
    ...harness(marker),
  ];
  const indexed = items.map((item, index) => ({ item, index }));
  const byUser = new Map<string, Indexed[]>();
  for (const entry of indexed)
    if (entry.item.as) byUser.set(entry.item.as.user, [...(byUser.get(entry.item.as.user) ?? []), entry]);
  const shared = [...byUser].filter(([, lane]) => lane.length > 1);
  const sharing = new Set(shared.flatMap(([, lane]) => lane.map((entry) => entry.index)));
  const rest = indexed.filter((entry) => !sharing.has(entry.index));
  const weight = ({ item }: Indexed) => scriptWeight(item.script);
  const bodies = [
    ...laneItems(rest, Math.max(1, lanes - shared.length), weight)
      .filter((lane) => lane.length > 0)
      .map((lane) => lane.map(({ item, index }) => `  ${probeCall(index, item, item.script)}`)),
    ...shared.map(([user, lane]) => userLane(user, lane, marker)),
  ];
  bodies.forEach((body, l) => lines.push(`exec {__chom_lane_${l}}< <(`, '  exec 4>&1', ...body, ')'));
  // ONE cat reads the lanes in order (Linux reopens a pipe through /dev/fd), not one cat per lane
  const lanePaths = bodies.map((_, l) => `/dev/fd/"$__chom_lane_${l}"`);
  lines.push(`cat ${lanePaths.join(' ')}`, 'exit 0');
  return lines.join('\n');
}

/** The longest batch script a host reads (read -N's count: it stops there or at the end of stdin). */
const batchScriptLimit = 16 * 1024 * 1024;

/**
 * How the batch travels: on stdin, read by a short command, never as the command line itself. A host's probes
 * outgrow a command line (ssh2 refuses packets over 35 000 bytes, Linux arguments over 128 KiB, and quoting the
 * script for the remote shell nearly doubles it). `read -N` reads the channel in chunks (not byte by byte as
 * `read` does on a pipe) and starts no process; the channel may be a socket, which /dev/stdin cannot open.
 */
export function batchExec(script: string): { command: string; stdin: string } {
  if (script.length > batchScriptLimit)
    throw new Error(
      `the batch script has ${script.length} characters; a host reads at most ${batchScriptLimit}`,
    );
  return {
    command: `IFS= read -r -N ${batchScriptLimit} __chom_batch; eval "$__chom_batch"`,
    stdin: script,
  };
}

/** Splits the batch output into one BatchOutput per item (index order); missing ones have exit null. */
export function splitBatch(output: string, count: number, nonce: string): BatchOutput[] {
  const marker = `chom-assess-${nonce}`;
  const results: BatchOutput[] = Array.from({ length: count }, () => ({
    stdout: '',
    stderr: '',
    exit: null,
    durationMs: null,
  }));
  const begin = new RegExp(`(?:^|\\n)${marker}:begin:(\\d+)\\n`, 'g');
  for (const match of output.matchAll(begin)) {
    const index = Number(match[1]);
    const result = results[index];
    if (!result) continue;
    const start = match.index + match[0].length;
    const exitMarker = new RegExp(`\\n${marker}:exit:${index}:(\\d*):(-?\\d*)\\n`, 'g');
    exitMarker.lastIndex = start;
    const exit = exitMarker.exec(output);
    if (!exit) {
      result.stdout = output.slice(start);
      continue;
    }
    result.stdout = output.slice(start, exit.index);
    result.exit = exit[1] === '' ? null : Number(exit[1]);
    result.durationMs = exit[2] === '' ? null : Math.max(0, Number(exit[2]));
    const errStart = exit.index + exit[0].length;
    const endMarker = `\n${marker}:end:${index}\n`;
    const end = output.indexOf(endMarker, errStart);
    result.stderr = end < 0 ? output.slice(errStart) : output.slice(errStart, end);
  }
  return results;
}
