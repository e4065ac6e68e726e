import { templateReferences, type RequestSpec, type Scenario, type TemplateContext } from '../scenario';
import { loadDataRows, type DataRows } from '../test-data';
import type { PreparedFlow } from './flow-iteration';
import type { LoadShare } from './load-share';
import { prepareRequest, type PreparedRequest } from './prepared-request';
import { WeightedMix } from './weighted-mix';

/** What one iteration runs: a plain request or a flow, and the data sources its templates read. */
export type IterationUnit =
  | { request: PreparedRequest; flow: undefined; sources: readonly string[] | undefined }
  | { request: undefined; flow: PreparedFlow; sources: readonly string[] | undefined };

/**
 * The scenario's requests and flows, compiled once per run and mixed by weight. A row is drawn
 * only from the sources an iteration reads, so a request that reads none never uses up rows of
 * a `pick: unique` source.
 */
export class IterationUnits {
  private readonly units: IterationUnit[];
  private readonly mix: WeightedMix;
  private readonly rows: DataRows | undefined;

  constructor(scenario: Scenario, share: LoadShare) {
    const units: IterationUnit[] = scenario.requests.map((r) => ({
      request: prepareRequest(r, scenario.podHeader), flow: undefined, sources: sourcesOf([r]),
    }));
    for (const f of scenario.flows) {
      const flow: PreparedFlow = {
        name: f.name,
        steps: f.steps.map((s) => prepareRequest(s, scenario.podHeader, f.name)),
        tags: Object.keys(f.tags).length === 0 ? undefined : f.tags,
        cookies: f.cookies,
      };
      units.push({ request: undefined, flow, sources: sourcesOf(f.steps) });
    }
    this.units = units;
    this.mix = new WeightedMix([...scenario.requests.map((r) => r.weight), ...scenario.flows.map((f) => f.weight)]);
    this.rows = scenario.data.length > 0 ? loadDataRows(scenario.data, share) : undefined;
  }

  pick(): IterationUnit {
    return this.units[this.mix.pick()] as IterationUnit;
  }

  /** One row of each source for one iteration; undefined when a `pick: unique` source ran out. */
  draw(sources: readonly string[]): TemplateContext['data'] | undefined {
    return this.rows?.draw(sources);
  }

  /** Which of `sources` ran out (for the summary's note). */
  exhaustedSource(sources: readonly string[]): string | undefined {
    return this.rows?.exhaustedSource(sources);
  }
}

function sourcesOf(specs: readonly RequestSpec[]): readonly string[] | undefined {
  const names = new Set<string>();
  for (const spec of specs) {
    const texts = [spec.path, spec.body ?? '', ...Object.values(spec.headers)];
    for (const text of texts) for (const ref of templateReferences(text).data) names.add(ref.source);
  }
  return names.size === 0 ? undefined : [...names];
}
