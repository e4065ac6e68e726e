import type { Dispatcher } from 'undici';
import { classifyError } from './classify-error';
import type { DeadlineNode, DeadlineQueue } from './deadline-queue';
import type { PreparedRequest } from './prepared-request';
import type { IterationScope } from './iteration-scope';
import { bodyExcerpt, type CheckFailure } from './response-checks';
import { isStreamedBody, type EventScanner, type ResponseExtract } from './response-extract';
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
  scope: IterationScope | undefined;
  /** The response's raw headers, kept only when the request reads headers (checks, captures, cookies). */
  rawHeaders: Buffer[] | undefined;
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
  /** A streamed body's token count, read as the events arrive (the body itself is not kept). */
  events: EventScanner | undefined;
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
    this.scope = undefined;
    this.rawHeaders = undefined;
    this.ttfb = undefined;
    this.status = 0;
    this.statusText = '';
    this.bytesReceived = 0;
    this.targetPod = undefined;
    this.chunks = undefined;
    this.captured = 0;
    this.events = undefined;
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
    const req = this.req;
    if (req?.keepsBody === true) this.chunks = [];
    if (req?.readsHeaders === true) this.rawHeaders = rawHeaders;
    const extract = req?.extract;
    if (extract !== undefined) this.startExtract(extract, rawHeaders);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.bytesReceived += chunk.length;
    if (this.awaitFirstChunk) {
      this.firstChunk = this.sink.clock();
      this.awaitFirstChunk = false;
    }
    if (this.events !== undefined) this.events.push(chunk);
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
      let failure: CheckFailure | undefined;
      // Decoded at most once: for the checks, and for the excerpt when one fails.
      let body: string | undefined;
      if (this.rawHeaders !== undefined && req.cookies) this.storeCookies(req);
      if (req.expectStatus !== undefined ? !req.expectStatus.has(status) : status >= 400) {
        errorType = String(status);
        errorMessage = this.statusText !== '' ? 'HTTP ' + status + ' ' + this.statusText : 'HTTP ' + status;
      } else if (req.bodyNeedle !== undefined && !bodyContains(this.chunks, req.bodyNeedle)) {
        failure = { errorType: 'expectation_failed', check: 'bodyContains ' + JSON.stringify(req.spec.expect?.bodyContains ?? '') };
      } else if (req.checks !== undefined) {
        body = this.chunks === undefined ? undefined : bodyText(this.chunks);
        failure = req.checks.evaluate({
          body,
          header: (name) => (this.rawHeaders === undefined ? undefined : findHeader(this.rawHeaders, name)),
          durationMs: this.sink.clock() - this.intendedStart,
        }, this.scope?.vars);
      }
      let excerpt: string | undefined;
      if (failure !== undefined) {
        errorType = failure.errorType;
        errorMessage = failure.check;
        if (this.chunks !== undefined) excerpt = bodyExcerpt(body ?? bodyText(this.chunks), this.scope?.vars);
      }
      this.finish(errorType, errorMessage, failure, excerpt);
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
  private finish(errorType: string | undefined, errorMessage: string | undefined, failure?: CheckFailure, excerpt?: string): void {
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
      tokens: req.extract === undefined || errorType !== undefined ? undefined
        : this.events !== undefined ? this.events.result() : req.extract.tokens(this.chunks, this.contentType),
      firstChunk: this.firstChunk,
      streamed: req.extract?.readsBody === true ? isStreamedBody(this.contentType) : undefined,
      tags: req.tags,
      flow: req.flow,
      parentSpanId: this.scope?.parentSpanId,
      check: failure?.check,
      bodyExcerpt: excerpt,
    };
    this.chunks = undefined;
    this.events = undefined;
    this.sink.recorded(this, record);
  }

  /** Set-Cookie headers into the iteration's (or VU's) jar; a malformed cookie is ignored, as browsers do. */
  private storeCookies(req: PreparedRequest): void {
    const jar = this.scope?.jar;
    const raw = this.rawHeaders;
    if (jar === undefined || raw === undefined) return;
    const url = req.targetOrigin + (this.opts.path as string);
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] as Buffer;
      if (name.length === 10 && name.toString('latin1').toLowerCase() === 'set-cookie') {
        jar.setCookieSync((raw[i + 1] as Buffer).toString('latin1'), url, { ignoreError: true });
      }
    }
  }

  private startExtract(extract: ResponseExtract, rawHeaders: Buffer[]): void {
    this.awaitFirstChunk = extract.firstChunk;
    if (extract.readsBody) {
      this.contentType = findHeader(rawHeaders, 'content-type');
      this.events = extract.eventScanner(this.contentType);
      // A streamed body is scanned as it comes; only other bodies (one JSON document) are kept whole.
      if (this.events === undefined) this.chunks ??= [];
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

function bodyText(chunks: Buffer[]): string {
  return (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
}

function bodyContains(chunks: Buffer[] | undefined, needle: Buffer): boolean {
  if (chunks === undefined || chunks.length === 0) return needle.length === 0;
  const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  return body.includes(needle);
}
