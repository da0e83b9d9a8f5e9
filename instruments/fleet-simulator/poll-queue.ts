/**
 * The fleet's poll plan: one binary min-heap of (time, item) instead of a timer per device, so ten
 * thousand devices cost one timer and O(log n) per poll.
 */
export interface PollQueue<T> {
  add(at: number, item: T): void;
  /** Removes and returns every entry due at or before `now`, earliest first. */
  due(now: number): Array<{ at: number; item: T }>;
  /** The earliest planned time, if any. */
  next(): number | undefined;
  readonly size: number;
}

export function createPollQueue<T>(): PollQueue<T> {
  const times: number[] = [];
  const items: T[] = [];
  const swap = (i: number, j: number) => {
    [times[i], times[j]] = [times[j] as number, times[i] as number];
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  };
  const pop = () => {
    const at = times[0] as number;
    const item = items[0] as T;
    const lastAt = times.pop() as number;
    const lastItem = items.pop() as T;
    if (times.length > 0) {
      times[0] = lastAt;
      items[0] = lastItem;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < times.length && (times[left] as number) < (times[smallest] as number)) smallest = left;
        if (right < times.length && (times[right] as number) < (times[smallest] as number)) smallest = right;
        if (smallest === i) break;
        swap(i, smallest);
        i = smallest;
      }
    }
    return { at, item };
  };
  return {
    add(at, item) {
      times.push(at);
      items.push(item);
      for (let i = times.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if ((times[parent] as number) <= (times[i] as number)) break;
        swap(i, parent);
        i = parent;
      }
    },
    due(now) {
      const out: Array<{ at: number; item: T }> = [];
      while (times.length > 0 && (times[0] as number) <= now) out.push(pop());
      return out;
    },
    next: () => times[0],
    get size() {
      return times.length;
    },
  };
}
