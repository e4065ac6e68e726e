import { composeShares, type LoadShare } from '../engine';
import type { DataSourceSpec } from '../scenario';
import { DataRows, type DataRow, type DataTable } from '.';

const WHOLE: LoadShare = { index: 0, count: 1 };

function tableOf(n: number): DataTable {
  const rows = Array.from({ length: n }, (_, i) => Object.freeze({ id: String(i) }));
  return { fields: ['id'], rows };
}
const spec = (name: string, pick: DataSourceSpec['pick']): DataSourceSpec => ({ name, file: `/data/${name}.csv`, format: 'csv', pick });

/** Row ids `source` hands out until draw() says the share has ended (bounded). */
function drainUnique(rows: DataRows, source: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const data = rows.draw();
    if (data === undefined) return ids;
    ids.push((data[source] as DataRow).id as string);
  }
  throw new Error('the unique source never ran out');
}

function ids(rows: DataRows, source: string, draws: number): string[] {
  return Array.from({ length: draws }, () => rows.draw()?.[source]?.id ?? 'none');
}

describe('unique', () => {
  it('splits 10 rows over 3 shares: each row exactly once, then each share ends', () => {
    const perShare = [0, 1, 2].map((index) => drainUnique(new DataRows([spec('users', 'unique')], [tableOf(10)], { index, count: 3 }), 'users'));
    expect(perShare).toEqual([['0', '3', '6', '9'], ['1', '4', '7'], ['2', '5', '8']]);
    expect(perShare.flat().sort((a, b) => Number(a) - Number(b))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('splits rows disjointly over the workers of every shard (composeShares)', () => {
    const seen: string[] = [];
    for (const shard of [0, 1]) {
      for (const worker of [0, 1]) {
        const share = composeShares({ index: shard, count: 2 }, { index: worker, count: 2 });
        seen.push(...drainUnique(new DataRows([spec('users', 'unique')], [tableOf(10)], share), 'users'));
      }
    }
    // Shard 1 of 2, worker 0 of 2 is global share 1 of 4: rows 1, 5, 9.
    expect(drainUnique(new DataRows([spec('users', 'unique')], [tableOf(10)], composeShares({ index: 1, count: 2 }, { index: 0, count: 2 })), 'users'))
      .toEqual(['1', '5', '9']);
    expect(seen).toHaveLength(10);
    expect(new Set(seen)).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']));
  });

  it('counts down remaining() and sets exhausted when the last row is handed out', () => {
    const rows = new DataRows([spec('users', 'unique')], [tableOf(5)], { index: 1, count: 2 });
    expect(rows.remaining()).toBe(2);
    expect(rows.exhausted).toBe(false);
    rows.draw();
    expect(rows.remaining()).toBe(1);
    rows.draw();
    expect(rows.remaining()).toBe(0);
    expect(rows.exhausted).toBe(true);
    expect(rows.exhaustedSource()).toBe('users');
    expect(rows.draw()).toBeUndefined();
    expect(rows.draw()).toBeUndefined();
  });

  it('ends a share with no rows of its own at once', () => {
    const rows = new DataRows([spec('users', 'unique')], [tableOf(3)], { index: 4, count: 6 });
    expect(rows.remaining()).toBe(0);
    expect(rows.exhausted).toBe(true);
    expect(rows.draw()).toBeUndefined();
  });

  it('takes no row from any source in the draw that ends the share', () => {
    const rows = new DataRows([spec('prompts', 'sequential'), spec('users', 'unique')], [tableOf(4), tableOf(2)], WHOLE);
    expect(ids(rows, 'prompts', 2)).toEqual(['0', '1']);
    expect(rows.draw()).toBeUndefined();
    expect(rows.exhaustedSource(['users'])).toBe('users');
    expect(rows.exhaustedSource(['prompts'])).toBeUndefined();
    // An iteration that reads only prompts still runs, and continues where prompts left off.
    expect(rows.draw(['prompts'])?.prompts?.id).toBe('2');
    expect(rows.draw(['prompts', 'users'])).toBeUndefined();
  });

  it('uses up no unique row in an iteration that does not read the source', () => {
    const rows = new DataRows([spec('prompts', 'random'), spec('users', 'unique')], [tableOf(3), tableOf(2)], WHOLE);
    for (let i = 0; i < 5; i++) expect(Object.keys(rows.draw(['prompts']) ?? {})).toEqual(['prompts']);
    expect(rows.remaining()).toBe(2);
    expect(rows.draw(['users'])).toEqual({ users: { id: '0' } });
    expect(rows.draw(['users', 'not-a-source'])).toEqual({ users: { id: '1' } });
    expect(rows.remaining()).toBe(0);
  });
});

describe('sequential', () => {
  it('wraps around its own partition', () => {
    const rows = new DataRows([spec('users', 'sequential')], [tableOf(10)], { index: 0, count: 3 });
    expect(ids(rows, 'users', 9)).toEqual(['0', '3', '6', '9', '0', '3', '6', '9', '0']);
    expect(rows.remaining()).toBeUndefined();
    expect(rows.exhausted).toBe(false);
  });

  it('walks the whole table from a row of its own when there are more shares than rows', () => {
    const rows = new DataRows([spec('users', 'sequential')], [tableOf(3)], { index: 4, count: 6 });
    expect(ids(rows, 'users', 5)).toEqual(['1', '2', '0', '1', '2']);
  });
});

describe('random', () => {
  it('draws from all rows of the table whatever the share', () => {
    const table = tableOf(10);
    const rows = new DataRows([spec('prompts', 'random')], [table], { index: 2, count: 3 });
    const seen = new Set<string>();
    for (let i = 0; i < 10_000 && seen.size < 10; i++) {
      const row = rows.draw()?.prompts;
      expect(table.rows).toContain(row);
      seen.add(row?.id as string);
    }
    // Missing one of 10 rows in 10 000 uniform draws has probability ≈ 10·0.9^10000 ≈ 0.
    expect(seen.size).toBe(10);
    expect(rows.remaining()).toBeUndefined();
  });
});

describe('draw', () => {
  it('returns a fresh object per iteration holding the table rows themselves (no copies)', () => {
    const users = tableOf(2);
    const prompts = tableOf(1);
    const rows = new DataRows([spec('users', 'sequential'), spec('prompts', 'sequential')], [users, prompts], WHOLE);
    const first = rows.draw();
    const second = rows.draw();
    expect(first).not.toBe(second);
    expect(first?.users).toBe(users.rows[0]);
    expect(second?.users).toBe(users.rows[1]);
    expect(second?.prompts).toBe(prompts.rows[0]);
    expect(first).toEqual({ users: { id: '0' }, prompts: { id: '0' } });
  });

  it('keys the result by source name with a single source too', () => {
    const rows = new DataRows([spec('users', 'sequential')], [tableOf(1)], WHOLE);
    expect(rows.draw()).toEqual({ users: { id: '0' } });
  });

  it('never ends without sources', () => {
    const rows = new DataRows([], [], WHOLE);
    expect(rows.draw()).toEqual({});
    expect(rows.remaining()).toBeUndefined();
    expect(rows.exhausted).toBe(false);
  });

  it('reads tables through a loader', () => {
    const asked: string[] = [];
    const rows = new DataRows([spec('a', 'sequential'), spec('b', 'unique')], (s) => { asked.push(s.name); return tableOf(2); }, WHOLE);
    expect(asked).toEqual(['a', 'b']);
    expect(rows.names).toEqual(['a', 'b']);
  });

  it('rejects an invalid share and a table without rows', () => {
    expect(() => new DataRows([spec('a', 'unique')], [tableOf(2)], { index: 3, count: 3 })).toThrow('invalid load share 3/3');
    expect(() => new DataRows([spec('a', 'unique')], [tableOf(0)], WHOLE)).toThrow('data source a has no rows');
  });
});
