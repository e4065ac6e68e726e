import {
  failedRequests, podFailures, rescaleEvents, runLogs, scalingEpisodeSpans, stageChanges, stageSpans,
} from './queries';
import { DASHBOARD_QUERIES, type QueryLanguage } from './query/dashboard-queries';
import { DASHBOARD_SCOPE } from './query/scope';

/*
 * Every TraceQL and LogQL string we emit, parsed by the grammars Grafana's own query editors use
 * (@grafana/lezer-traceql, @grafana/lezer-logql). Tempo and Loki have their own parsers; these are
 * the closest published ones, and they reject what Tempo/Loki reject (bad escapes, unbalanced
 * braces, missing operands).
 */

// The grammar packages are ES modules: loaded with import(), which a CommonJS test may do.
const loadGrammars = async () => ({
  traceql: (await import('@grafana/lezer-traceql')).parser,
  logql: (await import('@grafana/lezer-logql')).parser,
});
let grammars: Awaited<ReturnType<typeof loadGrammars>>;
type SyntaxNode = ReturnType<typeof grammars.traceql.parse>['topNode'];

beforeAll(async () => {
  grammars = await loadGrammars();
});

/** `query` with a marker at each error node, or undefined when it parses cleanly. */
function syntaxErrors(language: QueryLanguage, query: string): string | undefined {
  const at: number[] = [];
  if (language === 'promql') throw new Error('PromQL is checked against Prometheus itself');
  grammars[language].parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) at.push(node.from);
    },
  });
  return at.length ? at.map((i) => `${query.slice(0, i)}⟨error⟩${query.slice(i)}`).join('\n') : undefined;
}

// Grafana interpolates template variables before the query reaches Tempo or Loki (a multi-value
// regex variable becomes `(a|b)`, `$__range` a duration), so that is the string to parse.
const VARIABLE_VALUES: Record<string, string> = {
  [DASHBOARD_SCOPE.runId]: '2024-05-01T10-00-00Z-smoke',
  [DASHBOARD_SCOPE.hpa]: '(web|api)',
  [DASHBOARD_SCOPE.namespace]: '.+',
  [DASHBOARD_SCOPE.interval]: '1m',
  [DASHBOARD_SCOPE.range]: '3600s',
};
const interpolate = (q: string): string =>
  q.replace(/\$[A-Za-z_]+/g, (v) => VARIABLE_VALUES[v] ?? fail(`no sample value for ${v} in ${q}`));
const fail = (message: string): never => {
  throw new Error(message);
};

// Run ids and HPA regexes are user input: quotes and backslashes must stay inside the string.
const RUN_IDS = ['r-1', 'a"b\\c', '"', '\\', 'run "x" \\ y\\'];
const HPA_REGEXES = ['web', '(web|api)', '.+', 'web\\.v2', 'a"b'];

function builtQueries(): Array<{ language: QueryLanguage; expr: string }> {
  const traceql = (expr: string) => ({ language: 'traceql' as const, expr });
  const logql = (expr: string) => ({ language: 'logql' as const, expr });
  return [
    ...RUN_IDS.flatMap((runId) => [
      traceql(failedRequests(runId)),
      traceql(stageSpans(runId)),
      ...HPA_REGEXES.map((hpa) => traceql(scalingEpisodeSpans({ runId, hpa }))),
      logql(runLogs(runId)),
      logql(stageChanges(runId)),
      logql(rescaleEvents(runId)),
    ]),
    ...HPA_REGEXES.flatMap((hpa) => [
      traceql(scalingEpisodeSpans({ hpa })),
      logql(podFailures({ hpa, namespace: hpa, range: '6h' })),
    ]),
    // The app plugin's scopes: its Scaling page passes the `$hpa`/`$namespace` variables and `$__range`.
    traceql(interpolate(scalingEpisodeSpans({ hpa: '$hpa' }))),
    logql(interpolate(podFailures({ hpa: '$hpa', namespace: '$namespace', range: '$__range' }))),
  ];
}

describe('TraceQL and LogQL grammars', () => {
  const dashboardQueries = Object.entries(DASHBOARD_QUERIES).filter(([, q]) => q.language !== 'promql');

  it('cover every TraceQL and LogQL query of the dashboards', () => {
    expect(dashboardQueries.map(([id]) => id).sort()).toEqual([
      'run.annotation.rescale', 'run.annotation.stage', 'run.failedRequests', 'scaling.episodeSpans', 'scaling.podFailures',
    ]);
  });

  it.each(dashboardQueries)('parse the dashboard query %s', (_id, q) => {
    expect(syntaxErrors(q.language, interpolate(q.expr))).toBeUndefined();
  });

  it('parse every builder with run ids and HPA regexes holding quotes and backslashes', () => {
    const rejected = builtQueries().flatMap((q) => syntaxErrors(q.language, q.expr) ?? []);
    expect(rejected).toEqual([]);
  });

  it('flag a malformed query (the check itself works)', () => {
    expect(syntaxErrors('traceql', '{ span."a" = "b\\q" }')).toBeDefined();
    expect(syntaxErrors('traceql', '{ status = error')).toBeDefined();
    expect(syntaxErrors('logql', 'sum(count_over_time({a="b"} [1h])')).toBeDefined();
  });
});

describe('failed requests', () => {
  /** The top-level `&&` operands of the query's first spanset filter, as text. */
  function filterConjuncts(query: string): string[] {
    let filter: SyntaxNode | undefined;
    grammars.traceql.parse(query).iterate({
      enter: (n) => {
        filter ??= n.name === 'SpansetFilter' ? n.node : undefined;
        return !filter;
      },
    });
    expect(filter?.name).toBe('SpansetFilter');
    const out: string[] = [];
    const visit = (node: SyntaxNode): void => {
      const and = node.getChild('And');
      if (node.name !== 'FieldExpression' || !and) {
        out.push(query.slice(node.from, node.to));
        return;
      }
      for (const child of node.getChildren('FieldExpression')) visit(child);
    };
    for (const child of filter!.getChildren('FieldExpression')) visit(child);
    return out;
  }

  it('match only request spans (CLIENT), not the INTERNAL run and stage spans that share the run id', () => {
    // docs/telemetry.md#spans: the run span `loadtest {scenario}` is ERROR when the run fails.
    expect(filterConjuncts(failedRequests('r-1'))).toEqual([
      'kind = client', 'status = error', 'span."loadtest.run.id" = "r-1"',
    ]);
  });
});
