import { DeadlineQueue, type DeadlineNode } from './deadline-queue';

const node = (): DeadlineNode => ({ deadline: 0, prev: null, next: null, queue: null });

describe('DeadlineQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('expires nodes in order at their deadline, skipping removed ones', () => {
    let now = 1000;
    const expired: DeadlineNode[] = [];
    const q = new DeadlineQueue(100, () => now, (n) => expired.push(n));
    const [a, b, c] = [node(), node(), node()];
    q.push(a!, now);
    now = 1030;
    q.push(b!, now);
    now = 1060;
    q.push(c!, now);
    q.remove(b!);
    expect(q.size).toBe(2);
    now = 1100;
    jest.advanceTimersByTime(100);
    expect(expired).toEqual([a]);
    now = 1160;
    jest.advanceTimersByTime(60);
    expect(expired).toEqual([a, c]);
    expect(q.size).toBe(0);
  });

  it('never expires with an infinite timeout, and drain() empties it', () => {
    const expired: DeadlineNode[] = [];
    const q = new DeadlineQueue(Infinity, () => 0, (n) => expired.push(n));
    const a = node();
    q.push(a, 0);
    jest.advanceTimersByTime(1e9);
    expect(expired).toEqual([]);
    expect(q.drain()).toEqual([a]);
    expect(q.size).toBe(0);
  });
});
