import type { KubeObjectLike, WatchClient } from './client';
import { ResourceWatch, type ChangeType } from './resource-watch';

type OnEvent = (type: string, object: KubeObjectLike) => void;
type Done = (error?: unknown) => void;
/** What the scripted API does with the n-th watch request (a watch nobody ends hangs until aborted). */
type Script = (call: { query: Record<string, string>; onEvent: OnEvent; done: Done; aborted: () => boolean }) => void;

const pod = (name: string, rv: string): KubeObjectLike => ({ metadata: { name, namespace: 'ml', resourceVersion: rv } });
const until = async (what: () => boolean, ms = 3000): Promise<void> => {
  for (const end = Date.now() + ms; !what(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > end) throw new Error('condition not reached in time');
  }
};

/** A fake API server: lists return `items`, watch requests follow `scripts` in order (then hang). */
function harness(o: { items: () => KubeObjectLike[]; listRv: () => string; scripts: Script[]; list?: (signal: AbortSignal) => Promise<never> | undefined; watchdogMs?: number }) {
  const changes: Array<[ChangeType, string, string]> = [];
  const watchCalls: Array<{ at: number; query: Record<string, string>; signal: AbortSignal }> = [];
  const logs: string[] = [];
  const denied: Array<[string, number]> = [];
  let lists = 0;
  const client: WatchClient = {
    // Like watchRequest: ends when the script says so, or rejects when the signal aborts.
    watch: ({ query, signal, onOpen, onEvent }) => new Promise<void>((resolve, reject) => {
      watchCalls.push({ at: Date.now(), query, signal });
      const script = o.scripts[watchCalls.length - 1];
      signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), { once: true });
      let refused = false;
      script?.({ query, onEvent, done: (error) => { refused = error !== undefined; if (refused) reject(error); else resolve(); }, aborted: () => signal.aborted });
      if (!refused) onOpen(); // a script that fails at once stands for a refused or non-200 request
    }),
  };
  const watch = new ResourceWatch({
    resource: 'pods', group: '', namespace: 'ml', path: '/api/v1/namespaces/ml/pods', client,
    list: (signal) => {
      lists++;
      return o.list?.(signal) ?? Promise.resolve({ items: o.items(), resourceVersion: o.listRv() });
    },
    watchdogMs: o.watchdogMs ?? 60_000, backoff: { initialMs: 40, maxMs: 400 }, now: Date.now,
    onChange: (type, object) => changes.push([type, object.metadata?.name ?? '', object.metadata?.resourceVersion ?? '']),
    onDenied: (verb, status) => denied.push([verb, status]),
    log: (m) => logs.push(m),
  });
  return { watch, changes, watchCalls, logs, denied, lists: () => lists };
}

describe('ResourceWatch (list + watch informer)', () => {
  it('watches from the list\'s resourceVersion with bookmarks and a server timeout; a repeated resourceVersion is reported once', async () => {
    const h = harness({
      items: () => [pod('a', '5')], listRv: () => '7',
      scripts: [({ onEvent }) => {
        onEvent('ADDED', pod('b', '8'));
        onEvent('MODIFIED', pod('b', '8')); // delivered twice
        onEvent('BOOKMARK', { metadata: { resourceVersion: '9' } });
        onEvent('MODIFIED', pod('a', '10'));
      }],
    });
    await h.watch.start();
    await until(() => h.changes.length === 3);
    expect(h.changes).toEqual([['ADDED', 'a', '5'], ['ADDED', 'b', '8'], ['MODIFIED', 'a', '10']]);
    expect(h.watchCalls[0]?.query).toMatchObject({ resourceVersion: '7', allowWatchBookmarks: 'true' });
    expect(Number(h.watchCalls[0]?.query.timeoutSeconds)).toBeGreaterThanOrEqual(240);
    await h.watch.stop();
    expect(h.watchCalls[0]?.signal.aborted).toBe(true);
  });

  it('410 Gone relists: unchanged objects are not reported again, changes and deletions missed meanwhile are', async () => {
    let items = [pod('a', '5'), pod('b', '6')];
    const h = harness({
      items: () => items, listRv: () => (h.lists() > 1 ? '20' : '7'),
      scripts: [({ onEvent }) => {
        onEvent('MODIFIED', pod('a', '11'));
        items = [pod('a', '11'), pod('c', '19')]; // b deleted and c added while we were compacted away
        onEvent('ERROR', { code: 410, message: 'too old resource version' } as KubeObjectLike);
      }],
    });
    await h.watch.start();
    await until(() => h.watchCalls.length === 2);
    expect(h.changes).toEqual([['ADDED', 'a', '5'], ['ADDED', 'b', '6'], ['MODIFIED', 'a', '11'], ['ADDED', 'c', '19'], ['DELETED', 'b', '']]);
    expect(h.watchCalls[1]?.query.resourceVersion).toBe('20');
    expect(h.logs).toEqual(['watch pods: 410 Gone (resourceVersion compacted); relisting']);
    await h.watch.stop();
  });

  it('backs off exponentially (with jitter) on failures, and starts afresh once a watch is established', async () => {
    const refuse: Script = ({ done }) => { done(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); };
    const h = harness({
      items: () => [], listRv: () => '1',
      scripts: [refuse, refuse, refuse, refuse, ({ onEvent, done }) => { onEvent('BOOKMARK', { metadata: { resourceVersion: '2' } }); setTimeout(() => done(new Error('socket hang up')), 50); }, refuse],
    });
    await h.watch.start();
    await until(() => h.watchCalls.length === 7, 5000);
    await h.watch.stop();
    const gaps = h.watchCalls.slice(1).map((c, i) => c.at - (h.watchCalls[i]?.at ?? 0));
    // 40, 80, 160, 320 ms (±20 %), then an established watch lives 50 ms and fails: back to 40, then 80.
    const expected = [40, 80, 160, 320, 50 + 40, 80];
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual((expected[i] ?? 0) * 0.8 - 5);
      expect(gap).toBeLessThan((expected[i] ?? 0) * 1.2 + 60);
    });
    expect(h.logs.filter((m) => /reconnecting in/.test(m))).toHaveLength(2); // the first failure of each run, not every retry
  });

  it('the watchdog aborts a silent (half-open) watch and re-watches at once from the last resourceVersion', async () => {
    const h = harness({
      items: () => [], listRv: () => '3', watchdogMs: 150,
      scripts: [({ onEvent }) => { onEvent('BOOKMARK', { metadata: { resourceVersion: '4' } }); }],
    });
    await h.watch.start();
    await until(() => h.watchCalls.length === 3, 3000);
    await h.watch.stop();
    expect(h.watchCalls[0]?.signal.aborted).toBe(true);
    expect(h.watchCalls[1]?.query.resourceVersion).toBe('4'); // no relist, no lost position
    const gap = (h.watchCalls[1]?.at ?? 0) - (h.watchCalls[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(140);
    expect(gap).toBeLessThan(400);
    expect(h.lists()).toBe(1);
    expect(h.logs[0]).toBe('watch pods: no event or bookmark for 150 ms (half-open connection?); re-watching');
  });

  it('403 on watch: onDenied once, no more requests', async () => {
    const h = harness({
      items: () => [], listRv: () => '1',
      scripts: [({ done }) => { done(Object.assign(new Error('Forbidden'), { statusCode: 403 })); }],
    });
    await h.watch.start();
    await until(() => h.denied.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.denied).toEqual([['watch', 403]]);
    expect(h.watchCalls).toHaveLength(1);
    await h.watch.stop();
  });

  it('403 on the first list rejects start; other list failures (a timed-out list) are retried in the background', async () => {
    const denied = harness({ items: () => [], listRv: () => '1', scripts: [], list: () => Promise.reject(Object.assign(new Error('Forbidden'), { code: 403 })) });
    await expect(denied.watch.start()).rejects.toThrow('Forbidden');
    expect(denied.denied).toEqual([['list', 403]]);
    await denied.watch.stop();

    let attempt = 0;
    const flaky = harness({
      items: () => [pod('a', '1')], listRv: () => '1', scripts: [],
      list: () => (++attempt === 1 ? Promise.reject(new Error('GET /api/v1/namespaces/ml/pods: no answer in 0.1 s')) : undefined),
    });
    await flaky.watch.start(); // resolves: not fatal
    await until(() => flaky.changes.length === 1, 3000);
    expect(flaky.logs[0]).toBe('list pods: GET /api/v1/namespaces/ml/pods: no answer in 0.1 s; retrying in the background');
    expect(flaky.watchCalls[0]?.query.resourceVersion).toBe('1');
    await flaky.watch.stop();
  });

  it('stop() aborts the requests in flight at once: an unanswered list, an unanswered watch', async () => {
    let listSignal: AbortSignal | undefined;
    const hungList = harness({
      items: () => [], listRv: () => '1', scripts: [],
      list: (signal) => { listSignal = signal; return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))); },
    });
    const starting = hungList.watch.start();
    await until(() => listSignal !== undefined);
    const t0 = Date.now();
    await hungList.watch.stop();
    await expect(starting).rejects.toThrow('aborted');
    expect(listSignal?.aborted).toBe(true);
    expect(Date.now() - t0).toBeLessThan(500); // not the 2 s stop() allows a client that ignores aborts

    const hungWatch = harness({ items: () => [], listRv: () => '1', scripts: [] });
    await hungWatch.watch.start();
    await until(() => hungWatch.watchCalls.length === 1);
    const t1 = Date.now();
    await hungWatch.watch.stop();
    expect(hungWatch.watchCalls[0]?.signal.aborted).toBe(true);
    expect(Date.now() - t1).toBeLessThan(500);
  });
});
