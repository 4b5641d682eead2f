import { describe, expect, it } from 'vitest';
import { LogFollowers, type FollowedLine } from '../../source/engine/run/log-followers.js';

describe('LogFollowers', () => {
  it('a reader that paused longer than the kept lines is told how many it missed, then reads on in order', () => {
    let write: (line: string) => void = () => undefined;
    const followers = new LogFollowers(
      async (_host, onLine, signal) => {
        write = onLine;
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
      () => 1000,
      3,
    );
    const seen: FollowedLine[] = [];
    const stop = followers.read('h', 0, (lines) => seen.push(...lines));
    write('a');
    stop();
    for (const text of ['b', 'c', 'd', 'e', 'f']) write(text);
    const resumed: string[] = [];
    followers.read('h', 1, (lines) => resumed.push(...lines.map((line) => line.text)));
    expect(resumed).toEqual([
      '… 2 log lines arrived while this pane was paused and are no longer kept',
      'd',
      'e',
      'f',
    ]);
    expect(seen.map((line) => [line.seq, line.text, line.time])).toEqual([[0, 'a', 1000]]);
    expect(followers.running).toBe(1);
    followers.close();
    expect(followers.running).toBe(0);
  });

  it('a new reader (a new run) starts with the last 50 kept lines, as a fresh `tail -n 50` would', () => {
    let write: (line: string) => void = () => undefined;
    const followers = new LogFollowers(async (_host, onLine, signal) => {
      write = onLine;
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    });
    followers.read('h', undefined, () => undefined);
    for (let n = 1; n <= 60; n += 1) write(`line ${n}`);
    const fresh: string[] = [];
    followers.read('h', undefined, (lines) => fresh.push(...lines.map((line) => line.text)));
    expect(fresh).toHaveLength(50);
    expect(fresh[0]).toBe('line 11');
    expect(fresh.at(-1)).toBe('line 60');
    followers.close();
  });

  it('a follower whose command ended says so, and the next reader starts it again', async () => {
    let starts = 0;
    const followers = new LogFollowers(async (_host, onLine) => {
      starts += 1;
      onLine(`start ${starts}`);
      throw new Error('connection lost');
    });
    const texts: string[] = [];
    followers.read('h', 0, (lines) => texts.push(...lines.map((line) => line.text)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(texts).toEqual([
      'start 1',
      '— log follower ended (connection lost); it restarts when this pane follows again',
    ]);
    expect(followers.running).toBe(0);
    followers.read('h', 2, (lines) => texts.push(...lines.map((line) => line.text)));
    expect(starts).toBe(2);
  });
});
