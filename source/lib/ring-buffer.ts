// A capped buffer for log lines: pushing is O(1) and never reallocates, so a chatty host cannot grow the
// console's memory without bound; the oldest lines are dropped and counted so the pane can say so.

/** Default number of lines a pane keeps. */
export const defaultRingCapacity = 5000;

/** A fixed-capacity FIFO that overwrites its oldest item; indexes are 0 = oldest retained item. */
export class RingBuffer<T> {
  readonly capacity: number;
  #items: (T | undefined)[];
  #start = 0;
  #length = 0;
  #dropped = 0;

  constructor(capacity: number = defaultRingCapacity) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  /** Items currently retained. */
  get length(): number {
    return this.#length;
  }

  /** Items dropped so far because the buffer was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Items ever pushed; `total - length` is the sequence number of the oldest retained item. */
  get total(): number {
    return this.#dropped + this.#length;
  }

  push(item: T): void {
    if (this.#length < this.capacity) {
      this.#items[(this.#start + this.#length) % this.capacity] = item;
      this.#length += 1;
      return;
    }
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.capacity;
    this.#dropped += 1;
  }

  pushAll(items: Iterable<T>): void {
    for (const item of items) this.push(item);
  }

  /** The item at `index` (0 = oldest retained), or undefined outside the retained range. */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#length) return undefined;
    return this.#items[(this.#start + index) % this.capacity];
  }

  /** Items in [start, end) of the retained range, clamped; O(end - start). */
  slice(start: number, end: number = this.#length): T[] {
    const from = Math.max(0, Math.min(start, this.#length));
    const to = Math.max(from, Math.min(end, this.#length));
    const out: T[] = [];
    for (let index = from; index < to; index += 1) out.push(this.at(index) as T);
    return out;
  }

  /** `count` items ending `offsetFromEnd` items before the newest (0 = the newest `count` items). */
  window(offsetFromEnd: number, count: number): T[] {
    const end = this.#length - Math.max(0, offsetFromEnd);
    return this.slice(end - count, end);
  }

  clear(): void {
    this.#items = new Array<T | undefined>(this.capacity);
    this.#start = 0;
    this.#length = 0;
    this.#dropped = 0;
  }
}
