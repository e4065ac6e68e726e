import type { Dispatcher } from 'undici';
import { classifyError } from './classify-error';
import type { DeadlineNode, DeadlineQueue } from './deadline-queue';
import type { PreparedRequest } from './prepared-request';
import { isStreamedBody, type ResponseExtract } from './response-extract';
import type { RequestRecord } from './types';

/** Who hears about a finished request (the VU that sent it, or the sender itself for the open model). */
export interface ExchangeOwner {
  /** `synchronous` is true when the request failed inside dispatch() (caller should not recurse). */
  onRequestDone(record: RequestRecord, synchronous: boolean): void;
}

/** What an Exchange reports back to; implemented by RequestSender. */
export interface ExchangeSink {
  readonly clock: () => number;
  /** Called once per request, with the finished record. */
  recorded(ex: Exchange, record: RequestRecord): void;
  /** Called once undici is done with the exchange, so it can be reused. */
  settled(ex: Exchange): void;
}

const MAX_CAPTURED_BODY = 4 * 1024 * 1024;

/**
 * One request's undici handler and its bookkeeping, reused from a free-list.
 * Uses undici's legacy handler interface (onConnect/onHeaders/onData/onComplete/onError): it is the
 * one undici dispatches internally, so no wrapper is allocated per request.
 */
export class Exchange implements DeadlineNode, Dispatcher.DispatchHandler {
  // DeadlineNode links
  deadline = Infinity;
  prev: DeadlineNode | null = null;
  next: DeadlineNode | null = null;
  queue: DeadlineQueue | null = null;

  /** Reused dispatch options (undici copies headers synchronously but the pool may queue opts). */
  readonly opts: Dispatcher.DispatchOptions = { path: '/', method: 'GET', headers: [] as string[], body: null };
  readonly headerList: string[] = [];

  req: PreparedRequest | undefined;
  owner: ExchangeOwner | undefined;
  traceId = '';
  spanId = '';
  url = '';
  stage = 0;
  vu = 0;
  iteration = 0;
  intendedStart = 0;
  start = 0;
  ttfb: number | undefined;
  status = 0;
  statusText = '';
  bytesReceived = 0;
  targetPod: string | undefined;
  chunks: Buffer[] | undefined;
  captured = 0;
  /** `extract` only: waiting for the first body chunk, when it came, and the body's content type. */
  awaitFirstChunk = false;
  firstChunk: number | undefined;
  contentType: string | undefined;
  abortFn: ((err?: Error) => void) | undefined;
  /** The record was emitted (success, failure, timeout or abort); undici callbacks after that are ignored. */
  done = false;
  /** undici has called onComplete/onError: it no longer references this handler. */
  finished = false;
  /** Inside pool.dispatch(): failures there are synchronous. */
  dispatching = false;
  /** Failed without being sent because its origin just refused a connection. */
  failedFast = false;

  constructor(private readonly sink: ExchangeSink) {}

  reset(): void {
    this.req = undefined;
    this.owner = undefined;
    this.ttfb = undefined;
    this.status = 0;
    this.statusText = '';
    this.bytesReceived = 0;
    this.targetPod = undefined;
    this.chunks = undefined;
    this.captured = 0;
    this.awaitFirstChunk = false;
    this.firstChunk = undefined;
    this.contentType = undefined;
    this.abortFn = undefined;
    this.done = false;
    this.finished = false;
    this.dispatching = false;
    this.failedFast = false;
  }

  onConnect(abort: (err?: Error) => void): void {
    // Timed out or stopped while queued in the pool: never put it on the wire.
    if (this.done) abort();
    else this.abortFn = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, statusText: string): boolean {
    if (this.done) return true;
    this.ttfb = this.sink.clock();
    this.status = statusCode;
    this.statusText = statusText;
    const podHeader = this.req?.podHeaderLower;
    if (podHeader !== undefined) this.targetPod = findHeader(rawHeaders, podHeader);
    if (this.req?.bodyNeedle !== undefined) this.chunks = [];
    const extract = this.req?.extract;
    if (extract !== undefined) this.startExtract(extract, rawHeaders);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.bytesReceived += chunk.length;
    if (this.awaitFirstChunk) {
      this.firstChunk = this.sink.clock();
      this.awaitFirstChunk = false;
    }
    if (this.chunks !== undefined && this.captured < MAX_CAPTURED_BODY) {
      this.chunks.push(chunk);
      this.captured += chunk.length;
    }
    return true;
  }

  onComplete(): void {
    if (!this.done) {
      const req = this.req as PreparedRequest;
      const status = this.status;
      let errorType: string | undefined;
      let errorMessage: string | undefined;
      if (req.expectStatus !== undefined ? !req.expectStatus.has(status) : status >= 400) {
        errorType = String(status);
        errorMessage = this.statusText !== '' ? 'HTTP ' + status + ' ' + this.statusText : 'HTTP ' + status;
      } else if (req.bodyNeedle !== undefined && !bodyContains(this.chunks, req.bodyNeedle)) {
        errorType = 'expectation_failed';
        errorMessage = 'response body does not contain the expected text';
      }
      this.finish(errorType, errorMessage);
    }
    this.settle();
  }

  onError(err: Error): void {
    if (!this.done) this.finish(classifyError(err), err.message);
    this.settle();
  }

  /** Ends the request without a response (timeout, graceful-stop abort) and cancels it in undici. */
  cancel(errorType: string, message: string): void {
    if (this.done) return;
    this.finish(errorType, message);
    const abort = this.abortFn;
    if (abort !== undefined && !this.finished) abort();
  }

  /** Owner and sync flag of the finished request, read by the sink after `recorded`. */
  private finish(errorType: string | undefined, errorMessage: string | undefined): void {
    this.done = true;
    const req = this.req as PreparedRequest;
    const record: RequestRecord = {
      traceId: this.traceId,
      spanId: this.spanId,
      name: req.name,
      method: req.method,
      url: this.url,
      serverAddress: req.serverAddress,
      serverPort: req.serverPort,
      stage: this.stage,
      vu: this.vu,
      iteration: this.iteration,
      intendedStart: this.intendedStart,
      start: this.start,
      ttfb: this.ttfb,
      end: this.sink.clock(),
      status: this.status,
      errorType,
      errorMessage,
      targetPod: this.targetPod,
      bytesReceived: this.bytesReceived,
      tokens: req.extract !== undefined && errorType === undefined ? req.extract.tokens(this.chunks, this.contentType) : undefined,
      firstChunk: this.firstChunk,
      streamed: req.extract?.readsBody === true ? isStreamedBody(this.contentType) : undefined,
    };
    this.chunks = undefined;
    this.sink.recorded(this, record);
  }

  private startExtract(extract: ResponseExtract, rawHeaders: Buffer[]): void {
    this.awaitFirstChunk = extract.firstChunk;
    if (extract.readsBody) {
      this.chunks ??= [];
      this.contentType = findHeader(rawHeaders, 'content-type');
    }
  }

  private settle(): void {
    // undici reports a throwing onComplete through onError: release the handler only once
    if (this.finished) return;
    this.finished = true;
    this.abortFn = undefined;
    this.sink.settled(this);
  }
}

function findHeader(raw: Buffer[], lowerName: string): string | undefined {
  const n = lowerName.length;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as Buffer;
    if (name.length === n && name.toString('latin1').toLowerCase() === lowerName) return (raw[i + 1] as Buffer).toString('latin1');
  }
  return undefined;
}

function bodyContains(chunks: Buffer[] | undefined, needle: Buffer): boolean {
  if (chunks === undefined || chunks.length === 0) return needle.length === 0;
  const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  return body.includes(needle);
}
