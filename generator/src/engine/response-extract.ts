import { JSONPath } from 'jsonpath-plus';
import type { ExtractSpec } from '../scenario';

/**
 * A request's `extract:` compiled once per run. The path is evaluated with jsonpath-plus (script
 * and filter evaluation off: a path is data, not code) on the parsed body, or on each event of a
 * streamed body (`text/event-stream` `data:` lines or NDJSON), the last event that has it winning:
 * that is where OpenAI-style servers put `usage` when they stream.
 */
export class ResponseExtract {
  readonly firstChunk: boolean;
  /** Whether the body must be kept (a token path is set). */
  readonly readsBody: boolean;
  private readonly path: string[] | undefined;
  private readonly jsonPath = JSONPath({ autostart: false, wrap: false, eval: false, path: '$', json: null });

  constructor(spec: ExtractSpec) {
    this.firstChunk = spec.firstChunk;
    this.path = spec.tokens === undefined ? undefined : JSONPath.toPathArray(spec.tokens).slice();
    this.readsBody = this.path !== undefined;
  }

  /** The token count in the body, or undefined when the body has none (not JSON, path absent, not a number). */
  tokens(chunks: readonly Buffer[] | undefined, contentType: string | undefined): number | undefined {
    if (this.path === undefined || chunks === undefined || chunks.length === 0) return undefined;
    const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks as Buffer[])).toString('utf8');
    const type = contentType?.toLowerCase() ?? '';
    if (type.startsWith('text/event-stream')) return this.lastInEvents(text, 'data:');
    if (isStreamedBody(type)) return this.lastInEvents(text, '');
    return this.evaluate(parseJson(text));
  }

  private lastInEvents(text: string, prefix: string): number | undefined {
    let found: number | undefined;
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (prefix !== '' && !line.startsWith(prefix)) continue;
      const payload = line.slice(prefix.length).trim();
      if (payload === '' || payload === '[DONE]') continue;
      const value = this.evaluate(parseJson(payload));
      if (value !== undefined) found = value;
    }
    return found;
  }

  private evaluate(json: unknown): number | undefined {
    if (json === undefined || json === null || typeof json !== 'object') return undefined;
    let value: unknown;
    try {
      value = this.jsonPath.evaluate({ path: this.path as string[], json: json as object, callback: undefined, otherTypeCallback: undefined });
    } catch {
      // A response must never break the run: a path the library refuses reads as "no count".
      return undefined;
    }
    const n = typeof value === 'string' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
  }
}

/** A body of events (SSE or NDJSON/JSON lines): a streamed answer whose tokens arrive one after another. */
export function isStreamedBody(contentType: string | undefined): boolean {
  const type = contentType?.toLowerCase() ?? '';
  return type.startsWith('text/event-stream') || type.includes('ndjson') || type.includes('jsonl');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
