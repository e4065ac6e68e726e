import type { LoadShare } from '../engine';
import type { DataSourceSpec } from '../scenario';
import type { DataRow, DataTable, IterationData } from './types';

/** Reads the table of one source (e.g. `readDataSource`). */
export type DataTableLoader = (spec: DataSourceSpec) => DataTable;

const NO_DATA: IterationData = Object.freeze({});

/** One source's rows and where this share is in them. */
interface SourceCursor {
  readonly name: string;
  readonly pick: DataSourceSpec['pick'];
  readonly rows: readonly DataRow[];
  /** This share's partition is rows first, first + stride, … (`size` of them). */
  readonly first: number;
  readonly stride: number;
  readonly size: number;
  /** Position in the partition: the next row to hand out. */
  next: number;
}

/**
 * The rows of every `data:` source for this share of the load: deals one row per source to each
 * iteration.
 *
 * `sequential` and `unique` sources use only rows i ≡ share.index (mod share.count), so shares
 * (worker threads, shards, and workers inside shards via composeShares) never overlap and together
 * cover every row: `unique` hands out each row once in the whole run. `sequential` wraps around
 * its partition; `random` draws from the whole table.
 */
export class DataRows {
  /** The source names, in scenario order. */
  readonly names: readonly string[];
  private readonly sources: SourceCursor[];
  private readonly byName: Map<string, SourceCursor>;
  private readonly unique: SourceCursor[];

  constructor(specs: readonly DataSourceSpec[], tables: readonly DataTable[] | DataTableLoader, share: LoadShare) {
    if (!(share.count >= 1 && share.index >= 0 && share.index < share.count)) {
      throw new Error(`invalid load share ${share.index}/${share.count}`);
    }
    this.sources = specs.map((spec, i) => {
      const table = typeof tables === 'function' ? tables(spec) : tables[i];
      if (!table || table.rows.length === 0) throw new Error(`data source ${spec.name} has no rows`);
      return cursorFor(spec, table.rows, share);
    });
    this.names = Object.freeze(specs.map((s) => s.name));
    this.byName = new Map(this.sources.map((s) => [s.name, s]));
    this.unique = this.sources.filter((s) => s.pick === 'unique');
  }

  /**
   * One row per source for the next iteration (a fresh object the caller may keep until the
   * iteration's last step), or undefined when a `unique` source among them has no row left for
   * this share: the run must end. `sources` limits the draw to those names (an iteration that
   * reads no unique source uses up none of its rows); names that are not sources are ignored.
   */
  draw(sources?: readonly string[]): IterationData | undefined {
    if (sources === undefined) return this.drawFrom(this.sources);
    // Check before taking anything, so an iteration that cannot run consumes no unique row.
    for (const name of sources) {
      const s = this.byName.get(name);
      if (s !== undefined && s.pick === 'unique' && s.next >= s.size) return undefined;
    }
    const out: Record<string, DataRow> = {};
    for (const name of sources) {
      const s = this.byName.get(name);
      if (s !== undefined) out[name] = take(s);
    }
    return out;
  }

  /** The first `unique` source (of `sources`, default all) with no row left for this share. */
  exhaustedSource(sources?: readonly string[]): string | undefined {
    for (const s of this.unique) {
      if (s.next >= s.size && (sources === undefined || sources.includes(s.name))) return s.name;
    }
    return undefined;
  }

  /** Rows left for this share in its `unique` sources (the smallest), or undefined with none. */
  remaining(): number | undefined {
    let left: number | undefined;
    for (const s of this.unique) {
      const n = s.size - s.next;
      if (left === undefined || n < left) left = n;
    }
    return left;
  }

  /** True when draw() (of all sources) returns undefined: a `unique` source has no row left for this share. */
  get exhausted(): boolean {
    return this.remaining() === 0;
  }

  private drawFrom(sources: readonly SourceCursor[]): IterationData | undefined {
    if (sources.length === 0) return NO_DATA;
    for (const s of this.unique) if (s.next >= s.size) return undefined;
    const out: Record<string, DataRow> = {};
    for (const s of sources) out[s.name] = take(s);
    return out;
  }
}

/** The source's next row for this share (the caller checked that a unique source has one). */
function take(s: SourceCursor): DataRow {
  if (s.pick === 'random') return s.rows[Math.floor(Math.random() * s.rows.length)] as DataRow;
  const row = s.rows[s.first + s.next * s.stride] as DataRow;
  s.next += 1;
  if (s.pick === 'sequential' && s.next === s.size) s.next = 0;
  return row;
}

function cursorFor(spec: DataSourceSpec, rows: readonly DataRow[], share: LoadShare): SourceCursor {
  const base = { name: spec.name, pick: spec.pick, rows };
  if (spec.pick === 'random') return { ...base, first: 0, stride: 1, size: rows.length, next: 0 };
  // Rows i ≡ index (mod count): ⌈(rows − index) / count⌉ of them, like shareOf.
  const size = rows.length <= share.index ? 0 : Math.ceil((rows.length - share.index) / share.count);
  if (size === 0 && spec.pick === 'sequential') {
    // More shares than rows: sequential rows may repeat anyway (it wraps), and a share without
    // data could not run at all, so it walks the whole table, starting at a row its index picks.
    return { ...base, first: 0, stride: 1, size: rows.length, next: share.index % rows.length };
  }
  // unique with an empty partition: size 0, so this share ends at its first draw.
  return { ...base, first: share.index, stride: share.count, size, next: 0 };
}
