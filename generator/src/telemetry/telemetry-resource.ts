import { randomUUID } from 'node:crypto';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { OtlpConfig } from './otlp-config';

export interface RunIdentity { runId: string; scenario: string; workerIndex: number }

/** One id per process: two workers of the same run stay distinguishable. */
const INSTANCE_ID = randomUUID();

/**
 * The resource every span and metric carries. OTEL_RESOURCE_ATTRIBUTES is merged underneath, so
 * the run identity (and service.instance.id) cannot be overridden by accident; OTEL_SERVICE_NAME can.
 */
export function buildTelemetryResource(config: OtlpConfig, run: RunIdentity): Resource {
  return defaultResource().merge(resourceFromAttributes({
    ...config.resourceAttributes,
    'service.name': config.serviceName,
    'service.instance.id': INSTANCE_ID,
    'loadtest.run.id': run.runId,
    'loadtest.scenario': run.scenario,
    'loadtest.worker.index': run.workerIndex,
  }));
}
