import { describe, expect, it } from 'vitest';
import { RingBuffer, defaultRingCapacity } from '../../source/lib/ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps items in push order below capacity', () => {
    const buffer = new RingBuffer<number>(4);
    buffer.pushAll([1, 2, 3]);
    expect(buffer.length).toBe(3);
    expect(buffer.slice(0)).toEqual([1, 2, 3]);
    expect(buffer.dropped).toBe(0);
  });

  it('drops the oldest items when full and counts them', () => {
    const buffer = new RingBuffer<number>(3);
    buffer.pushAll([1, 2, 3, 4, 5]);
    expect(buffer.slice(0)).toEqual([3, 4, 5]);
    expect(buffer.dropped).toBe(2);
    expect(buffer.total).toBe(5);
    expect(buffer.at(0)).toBe(3);
    expect(buffer.at(3)).toBeUndefined();
    expect(buffer.at(-1)).toBeUndefined();
  });

  it('reads windows counted from the newest item', () => {
    const buffer = new RingBuffer<number>(10);
    buffer.pushAll([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(buffer.window(0, 3)).toEqual([10, 11, 12]);
    expect(buffer.window(2, 3)).toEqual([8, 9, 10]);
    expect(buffer.window(8, 5)).toEqual([3, 4]);
    expect(buffer.window(50, 5)).toEqual([]);
  });

  it('clamps slices and clears', () => {
    const buffer = new RingBuffer<string>(2);
    buffer.pushAll(['a', 'b', 'c']);
    expect(buffer.slice(-5, 99)).toEqual(['b', 'c']);
    buffer.clear();
    expect(buffer.length).toBe(0);
    expect(buffer.dropped).toBe(0);
  });

  it('defaults to 5000 lines and holds 200k pushes at that size', () => {
    const buffer = new RingBuffer<number>();
    expect(buffer.capacity).toBe(defaultRingCapacity);
    for (let index = 0; index < 200_000; index += 1) buffer.push(index);
    expect(buffer.length).toBe(5000);
    expect(buffer.dropped).toBe(195_000);
    expect(buffer.window(0, 2)).toEqual([199_998, 199_999]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
  });
});
