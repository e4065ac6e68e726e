/** A node that can sit in one DeadlineQueue (intrusive links: no allocation per request). */
export interface DeadlineNode {
  deadline: number;
  prev: DeadlineNode | null;
  next: DeadlineNode | null;
  queue: DeadlineQueue | null;
}

/**
 * In-flight requests sharing one timeout, in start order. Because every node gets the same
 * timeout and starts are monotonic, deadlines are sorted: one timer armed for the head
 * replaces a timer per request.
 */
export class DeadlineQueue {
  private head: DeadlineNode | null = null;
  private tail: DeadlineNode | null = null;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private readonly checkBound = (): void => this.check();
  size = 0;

  /** `timeoutMs` Infinity (or <= 0) means never expire; the queue then only tracks in-flight requests. */
  constructor(
    readonly timeoutMs: number,
    private readonly clock: () => number,
    private readonly onExpire: (node: DeadlineNode) => void,
  ) {}

  push(node: DeadlineNode, now: number): void {
    node.deadline = this.timeoutMs > 0 ? now + this.timeoutMs : Infinity;
    node.queue = this;
    node.next = null;
    node.prev = this.tail;
    if (this.tail !== null) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.size++;
    if (this.timer === undefined) this.arm();
  }

  remove(node: DeadlineNode): void {
    if (node.queue !== this) return;
    if (node.prev !== null) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next !== null) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = null;
    node.queue = null;
    this.size--;
    // A stale timer is cheaper than rearming on every completion: check() rearms for the new head.
  }

  /** Removes and returns every node (graceful-stop expiry). */
  drain(): DeadlineNode[] {
    const out: DeadlineNode[] = [];
    while (this.head !== null) {
      const n = this.head;
      this.remove(n);
      out.push(n);
    }
    this.disarm();
    return out;
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private arm(): void {
    const head = this.head;
    if (head === null || head.deadline === Infinity) return;
    this.armedFor = head.deadline;
    this.timer = setTimeout(this.checkBound, Math.max(0, Math.ceil(head.deadline - this.clock())));
  }

  private check(): void {
    this.timer = undefined;
    const now = this.clock();
    while (this.head !== null && this.head.deadline <= now) {
      const n = this.head;
      this.remove(n);
      this.onExpire(n);
    }
    if (this.timer === undefined) this.arm();
  }

  /** For tests: the deadline the timer is armed for. */
  get armedDeadline(): number {
    return this.armedFor;
  }
}
