import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type SpanContext } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { newTraceIds } from '../engine';
import type { EngineGauges } from '../engine';
import { finishedSpan, OK_STATUS } from './finished-span';
import { msToHrTime } from './hr-time';

interface OpenSpan { context: SpanContext; name: string; start: number; attributes: Attributes }

/**
 * The run span `loadtest {scenario}` and its `stage {n}` children, in a trace of their own
 * (request spans are not their children: a 1M-span trace is unusable in Tempo).
 */
export class RunSpans {
  private run?: OpenSpan;
  private stage?: OpenSpan;
  private readonly finished: ReadableSpan[] = [];

  constructor(
    private readonly scenario: string,
    private readonly runId: string,
    private readonly resource: Resource,
    private readonly gauges: () => EngineGauges | undefined,
  ) {}

  runStarted(at: number, model: 'open' | 'closed'): void {
    const { traceId, spanId } = newTraceIds();
    this.run = {
      context: { traceId, spanId, traceFlags: TraceFlags.SAMPLED },
      name: `loadtest ${this.scenario}`, start: at,
      attributes: { 'loadtest.run.id': this.runId, 'loadtest.scenario': this.scenario, 'loadtest.model': model },
    };
  }

  stageStarted(stage: number, at: number): void {
    if (!this.run) return;
    this.endStage(at);
    this.stage = {
      context: { traceId: this.run.context.traceId, spanId: newTraceIds().spanId, traceFlags: TraceFlags.SAMPLED },
      name: `stage ${stage}`, start: at,
      attributes: { 'loadtest.run.id': this.runId, 'loadtest.stage': stage },
    };
  }

  runEnded(at: number, status: string): void {
    if (!this.run) return;
    this.endStage(at);
    this.run.attributes['loadtest.run.status'] = status;
    const failed = status !== 'passed';
    this.finished.push(this.toReadable(this.run, at, undefined, failed ? status : undefined));
    this.run = undefined;
  }

  /** Finished spans not yet handed to the exporter. */
  take(): ReadableSpan[] {
    return this.finished.splice(0, this.finished.length);
  }

  private endStage(at: number): void {
    if (!this.stage || !this.run) return;
    // The target the stage ramped to, sampled as it ends.
    const g = this.gauges();
    if (g?.targetRate !== undefined) this.stage.attributes['loadtest.stage.target_rate'] = g.targetRate;
    if (g?.vus !== undefined) this.stage.attributes['loadtest.stage.vus'] = g.vus;
    this.finished.push(this.toReadable(this.stage, at, this.run.context));
    this.stage = undefined;
  }

  private toReadable(span: OpenSpan, end: number, parent?: SpanContext, error?: string): ReadableSpan {
    const startTime = msToHrTime(span.start);
    const endTime = msToHrTime(Math.max(end, span.start));
    return finishedSpan({
      name: span.name, kind: SpanKind.INTERNAL, context: span.context, parent, startTime, endTime,
      status: error ? { code: SpanStatusCode.ERROR, message: error } : OK_STATUS,
      attributes: span.attributes,
    }, this.resource);
  }
}
