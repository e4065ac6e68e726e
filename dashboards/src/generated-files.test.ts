import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { generatedFiles } from './generated-files';
import { DASHBOARD_QUERIES } from './query/dashboard-queries';
import { DATASOURCE_UIDS } from './provisioning/datasources';

const ROOT = path.resolve(__dirname, '..');
type Json = { [key: string]: unknown };
const DASHBOARDS = ['json/load-test-run.json', 'json/scaling-lag.json', 'json/generator-health.json'];
const load = (file: string): Json => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Json;
const panels = (d: Json): Json[] => d.panels as Json[];
const targets = (p: Json): Json[] => (p.targets ?? []) as Json[];
/** The query string of a panel target or annotation: `expr` (Prometheus, Loki) or `query` (Tempo TraceQL). */
const queryOf = (t: Json): string => String(t.expr ?? t.query);

describe('generated dashboards and provisioning files', () => {
  it('the committed files are what `npm run generate` writes (edit dashboards/src, then regenerate)', () => {
    for (const [file, content] of Object.entries(generatedFiles())) {
      expect({ file, content: readFileSync(path.join(ROOT, file), 'utf8') }).toEqual({ file, content });
    }
  });

  it('every dashboard query is one of the module\'s, and every module dashboard query is used', () => {
    const known = new Set<string>(Object.values(DASHBOARD_QUERIES).map((q) => q.expr));
    const used = new Set<string>();
    for (const file of DASHBOARDS) {
      const d = load(file);
      const annotations = ((d.annotations as Json).list as Json[]).map((a) => a.target as Json);
      for (const t of [...panels(d).flatMap(targets), ...annotations]) {
        expect({ file, query: queryOf(t), known: known.has(queryOf(t)) }).toEqual({ file, query: queryOf(t), known: true });
        used.add(queryOf(t));
      }
    }
    expect([...known].filter((q) => !used.has(q))).toEqual([]);
  });

  it('dashboards have no fixed UIDs: data sources are template variables', () => {
    for (const file of DASHBOARDS) {
      const d = load(file);
      expect(d.uid).toBeUndefined();
      expect(d.id).toBeUndefined();
      const vars = (d.templating as Json).list as Json[];
      const dsVars = vars.filter((v) => v.type === 'datasource').map((v) => v.name);
      for (const p of panels(d)) {
        for (const t of [p, ...targets(p)]) {
          const uid = String((t.datasource as Json).uid);
          expect({ file, uid }).toEqual({ file, uid: expect.stringMatching(/^\$\{(prometheus|tempo|loki)\}$/) });
          expect(dsVars).toContain(uid.slice(2, -1));
        }
      }
      expect(JSON.stringify(d)).not.toMatch(/scaletrace-(prometheus|tempo|loki)/);
    }
  });

  it('"Load test run": latency with exemplars, replicas as step lines, scaling and stage annotations, lag stats', () => {
    const d = load('json/load-test-run.json');
    const byTitle = (title: string): Json => panels(d).find((p) => p.title === title) as Json;
    // Exemplars exist only on the span-metrics series (the collector's span_metrics connector); the generator's histograms carry none.
    expect(targets(byTitle('Latency p50 / p95 / p99')).map((t) => [t.expr, t.exemplar === true])).toEqual(
      targets(byTitle('Latency p50 / p95 / p99')).map((t) => [t.expr, String(t.expr).includes('traces_span_metrics_duration_seconds')]),
    );
    expect(targets(byTitle('Latency p50 / p95 / p99')).some((t) => t.exemplar === true)).toBe(true);
    const replicas = byTitle('Replicas per HPA');
    expect(((replicas.fieldConfig as Json).defaults as Json).custom).toMatchObject({ lineInterpolation: 'stepAfter' });
    expect(targets(replicas).map((t) => t.expr)).toEqual([
      DASHBOARD_QUERIES['run.replicasCurrent'].expr, DASHBOARD_QUERIES['run.replicasDesired'].expr,
      DASHBOARD_QUERIES['run.replicasReady'].expr, DASHBOARD_QUERIES['run.replicasMax'].expr,
    ]);
    expect(((d.annotations as Json).list as Json[]).map((a) => a.name)).toEqual(['Scaling decisions', 'Rescale events', 'Stage changes']);
    for (const title of ['Detection lag', 'Actuation lag', 'Total scaling lag', 'Replica deficit', 'Success']) expect(byTitle(title).type).toBe('stat');
    expect(byTitle('Failed requests')).toMatchObject({ type: 'table', datasource: { type: 'tempo', uid: '${tempo}' } });
  });

  it('panels do not overlap on the 24-column grid', () => {
    for (const file of DASHBOARDS) {
      const cells = new Set<string>();
      for (const p of panels(load(file))) {
        const g = p.gridPos as { x: number; y: number; w: number; h: number };
        expect(g.x + g.w).toBeLessThanOrEqual(24);
        for (let x = g.x; x < g.x + g.w; x++) for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('data sources: Prometheus exemplars link to Tempo, Tempo links to Loki and its service map to Prometheus', () => {
    const file = parse(readFileSync(path.join(ROOT, 'provisioning/datasources/datasources.yaml'), 'utf8')) as { datasources: Json[] };
    const byType = (type: string): Json => file.datasources.find((d) => d.type === type) as Json;
    expect(byType('prometheus')).toMatchObject({
      uid: DATASOURCE_UIDS.prometheus, url: '${PROMETHEUS_URL}',
      jsonData: { exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: DATASOURCE_UIDS.tempo }] },
    });
    expect(byType('tempo')).toMatchObject({
      uid: DATASOURCE_UIDS.tempo,
      jsonData: { tracesToLogsV2: { datasourceUid: DATASOURCE_UIDS.loki }, serviceMap: { datasourceUid: DATASOURCE_UIDS.prometheus } },
    });
    expect(byType('loki')).toMatchObject({ uid: DATASOURCE_UIDS.loki });
    const provider = parse(readFileSync(path.join(ROOT, 'provisioning/dashboards/scaletrace.yaml'), 'utf8')) as { providers: Json[] };
    expect(provider.providers[0]).toMatchObject({ type: 'file', options: { path: '/etc/grafana/dashboards/scaletrace' } });
  });
});
