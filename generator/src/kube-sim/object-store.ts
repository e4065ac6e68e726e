import { randomUUID } from 'node:crypto';

/** The resources the simulator serves, by their plural API name. */
export type SimResource = 'deployments' | 'replicasets' | 'horizontalpodautoscalers' | 'pods' | 'events';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string; namespace: string; uid?: string; resourceVersion?: string; creationTimestamp?: string;
    labels?: Record<string, string>; deletionTimestamp?: string; generation?: number;
    ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }>;
  };
  [field: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface StoredEvent { rv: number; resource: SimResource; type: WatchEventType; object: KubeObject }
export type StoreListener = (event: StoredEvent) => void;

/**
 * etcd in miniature: one global, monotonically increasing resourceVersion; every write is kept in
 * a change log so a watch can resume from any version that has not been compacted away.
 */
export class ObjectStore {
  private rv = 1000;
  private compactedThrough = 0;
  private readonly objects = new Map<SimResource, Map<string, KubeObject>>();
  private readonly changes: StoredEvent[] = [];
  private readonly listeners = new Set<StoreListener>();

  get resourceVersion(): number {
    return this.rv;
  }

  /** Versions at or below this are gone: watching from them gets 410 Gone. */
  get oldestResumable(): number {
    return this.compactedThrough;
  }

  get(resource: SimResource, namespace: string, name: string): KubeObject | undefined {
    return this.bucket(resource).get(`${namespace}/${name}`);
  }

  list(resource: SimResource, namespace: string): KubeObject[] {
    return [...this.bucket(resource).values()].filter((o) => o.metadata.namespace === namespace);
  }

  /** Creates or replaces; stamps uid, creationTimestamp and a new resourceVersion. Returns the stored copy. */
  put(resource: SimResource, object: KubeObject): KubeObject {
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    const previous = this.bucket(resource).get(key);
    const stored = structuredClone(object);
    stored.metadata.uid = previous?.metadata.uid ?? stored.metadata.uid ?? randomUUID();
    stored.metadata.creationTimestamp = previous?.metadata.creationTimestamp ?? new Date().toISOString();
    stored.metadata.resourceVersion = String(++this.rv);
    this.bucket(resource).set(key, stored);
    this.record({ rv: this.rv, resource, type: previous ? 'MODIFIED' : 'ADDED', object: stored });
    return structuredClone(stored);
  }

  remove(resource: SimResource, namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const previous = this.bucket(resource).get(key);
    if (!previous) return;
    this.bucket(resource).delete(key);
    const gone = structuredClone(previous);
    gone.metadata.resourceVersion = String(++this.rv);
    this.record({ rv: this.rv, resource, type: 'DELETED', object: gone });
  }

  /** Changes after `rv`, oldest first (undefined when `rv` has been compacted: 410 Gone). */
  changesSince(rv: number): StoredEvent[] | undefined {
    if (rv < this.compactedThrough) return undefined;
    return this.changes.filter((c) => c.rv > rv);
  }

  /** Forget the change log so far: a client holding an older resourceVersion must relist. */
  compact(): void {
    // Compaction happens at a new revision: every version a client holds now is older than it.
    this.compactedThrough = ++this.rv;
    this.changes.length = 0;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(event: StoredEvent): void {
    this.changes.push(event);
    // A bounded log, as etcd compacts: a watch that falls this far behind gets 410.
    if (this.changes.length > 20_000) {
      const dropped = this.changes.splice(0, 10_000);
      this.compactedThrough = dropped[dropped.length - 1]?.rv ?? this.compactedThrough;
    }
    for (const l of this.listeners) l(event);
  }

  private bucket(resource: SimResource): Map<string, KubeObject> {
    let b = this.objects.get(resource);
    if (!b) {
      b = new Map();
      this.objects.set(resource, b);
    }
    return b;
  }
}
