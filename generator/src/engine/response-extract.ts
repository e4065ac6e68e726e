import { StringDecoder } from 'node:string_decoder';
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
  /** `"name"` of the path's last property: an event without this text cannot hold the count (no parse needed). */
  private readonly needle: string | undefined;
  /** The same as bytes, to skip whole chunks without decoding them. */
  readonly needleBytes: Buffer | undefined;
  private readonly jsonPath = JSONPath({ autostart: false, wrap: false, eval: false, path: '$', json: null });

  constructor(spec: ExtractSpec) {
    this.firstChunk = spec.firstChunk;
    this.path = spec.tokens === undefined ? undefined : JSONPath.toPathArray(spec.tokens).slice();
    this.readsBody = this.path !== undefined;
    const last = this.path?.[this.path.length - 1];
    this.needle = last !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(last) ? JSON.stringify(last) : undefined;
    this.needleBytes = this.needle === undefined ? undefined : Buffer.from(this.needle);
  }

  /**
   * For a streamed body (SSE or NDJSON): a scanner that reads each event as it arrives and keeps
   * only the last count and the unfinished line, so a 5-minute stream costs a few bytes instead of
   * its whole body. Undefined for other bodies (one JSON document: read whole, with `tokens`).
   */
  eventScanner(contentType: string | undefined): EventScanner | undefined {
    if (this.path === undefined || !isStreamedBody(contentType)) return undefined;
    return new EventScanner(this, (contentType ?? '').toLowerCase().startsWith('text/event-stream') ? 'data:' : '');
  }

  /** The count in one event's payload (a line without its `data:` prefix), or undefined. */
  eventValue(payload: string): number | undefined {
    if (payload === '' || payload === '[DONE]') return undefined;
    if (this.needle !== undefined && !payload.includes(this.needle)) return undefined;
    return this.evaluate(parseJson(payload));
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
    const scanner = new EventScanner(this, prefix);
    scanner.pushText(text);
    return scanner.result();
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

/** Reads a streamed body line by line as chunks arrive; the last event that has the count wins. */
export class EventScanner {
  private readonly decoder = new StringDecoder('utf8');
  /** The unfinished last line. */
  private tail = '';
  private found: number | undefined;
  /** Everything so far ended with a newline: no unfinished line or character is pending. */
  private atLineStart = true;

  constructor(private readonly extract: ResponseExtract, private readonly prefix: string) {}

  push(chunk: Buffer): void {
    const last = chunk.length === 0 ? -1 : chunk[chunk.length - 1];
    // The usual token event: whole lines, none of which names the count. Skipped without decoding
    // (a search in C++), which keeps thousands of streams at 20 events/s each within one core.
    const needle = this.extract.needleBytes;
    if (this.atLineStart && last === 0x0a && needle !== undefined && !chunk.includes(needle)) return;
    this.atLineStart = last === 0x0a;
    this.pushText(this.decoder.write(chunk));
  }

  pushText(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.tail += text;
      return;
    }
    let line = this.tail + text.slice(0, nl);
    this.tail = '';
    for (;;) {
      this.line(line);
      start = nl + 1;
      nl = text.indexOf('\n', start);
      if (nl < 0) break;
      line = text.slice(start, nl);
    }
    this.tail = text.slice(start);
  }

  /** The count after the whole body (the last line needs no newline). */
  result(): number | undefined {
    const rest = this.tail + this.decoder.end();
    this.tail = '';
    if (rest !== '') this.line(rest);
    return this.found;
  }

  private line(raw: string): void {
    const line = raw.trim();
    if (this.prefix !== '' && !line.startsWith(this.prefix)) return;
    const value = this.extract.eventValue(line.slice(this.prefix.length).trim());
    if (value !== undefined) this.found = value;
  }
}
