import { compileTemplate } from '../scenario';
import type { FlowStepSpec, RequestSpec, TemplateContext, ThinkTime, TransportSpec } from '../scenario';
import { redactQuery } from './redact-url';
import { ResponseChecks } from './response-checks';
import { ResponseExtract } from './response-extract';

export type { TemplateContext };
type Render = (ctx: TemplateContext) => string;

/** A RequestSpec compiled once per run: templates compiled, URL parts and expectations precomputed. */
export interface PreparedRequest {
  spec: RequestSpec;
  name: string;
  method: string;
  /** Pool key: scheme://host:port, plus the transport settings when they differ from plain HTTP/1.1. */
  origin: string;
  /** scheme://host:port of the target (the pool's origin). */
  targetOrigin: string;
  transport: TransportSpec;
  /** Path prefix of the target URL (e.g. `/api` from `http://h/api`), prepended to every path. */
  basePath: string;
  /** Constant path, or undefined when templated (then `renderPath`). */
  path: string | undefined;
  renderPath: Render | undefined;
  body: string | undefined;
  renderBody: Render | undefined;
  /** Flat [name, value, …] of the constant headers (templated ones in `templatedHeaders`). */
  headers: string[];
  templatedHeaders: { name: string; render: Render }[];
  /** Redacted full URL when the path is constant. */
  url: string | undefined;
  /** Redacted scheme://host:port + basePath, prefix of templated URLs. */
  urlPrefix: string;
  serverAddress: string;
  serverPort: number;
  timeoutMs: number;
  /** Accepted statuses; undefined means any status < 400. */
  expectStatus: ReadonlySet<number> | undefined;
  bodyNeedle: Buffer | undefined;
  /** Lower-cased scenario podHeader, read from each response when set. */
  podHeaderLower: string | undefined;
  /** `extract:` (tokens, first chunk); undefined for the plain hot path. */
  extract: ResponseExtract | undefined;
  /** `expect:` json/header/maxDuration and `capture:`; undefined when there are none (the plain hot path). */
  checks: ResponseChecks | undefined;
  /** The body must be kept until the response completes (bodyContains, json checks, body captures); a token `extract` decides for itself. */
  keepsBody: boolean;
  /** Response headers must be kept (header checks and captures, cookies). */
  readsHeaders: boolean;
  /** `tags:`, or undefined when none (the same object for every request: spans and metrics key on it). */
  tags: Readonly<Record<string, string>> | undefined;
  /** Send and store cookies (the iteration's or VU's jar). */
  cookies: boolean;
  /** Flow steps: the flow's name, the step's name, and the pause after it. */
  flow: string | undefined;
  step: string | undefined;
  thinkTime: ThinkTime | undefined;
}

function isTemplated(s: string): boolean {
  return s.includes('${');
}

/** The redacted form of a rendered path: only paths with a query can hold secrets. */
export function redactPath(path: string): string {
  const q = path.indexOf('?');
  if (q < 0) return path;
  const hash = path.indexOf('#', q);
  const query = hash < 0 ? path.slice(q + 1) : path.slice(q + 1, hash);
  const redacted = redactQuery(query);
  return redacted === query ? path : path.slice(0, q + 1) + redacted + (hash < 0 ? '' : path.slice(hash));
}

/** `flow`: the flow this spec is a step of (its steps are FlowStepSpecs). */
export function prepareRequest(spec: RequestSpec, podHeader?: string, flow?: string): PreparedRequest {
  const target = new URL(spec.target);
  const defaultPort = target.protocol === 'https:' ? 443 : 80;
  const serverPort = target.port === '' ? defaultPort : Number(target.port);
  const transport = spec.transport;
  // Requests to one origin with different TLS or HTTP/2 settings need pools of their own.
  const origin = transport.http2 || transport.tls !== undefined
    ? `${target.origin}#${transport.http2 ? 'h2' : 'h1'}${transport.tls?.insecure === true ? ',insecure' : ''}${transport.tls?.caFile !== undefined ? `,ca=${transport.tls.caFile}` : ''}`
    : target.origin;
  const basePath = target.pathname === '/' ? '' : target.pathname.replace(/\/$/, '');
  const headers: string[] = [];
  const templatedHeaders: { name: string; render: Render }[] = [];
  let hasAuthorization = false;
  for (const [name, value] of Object.entries(spec.headers)) {
    if (name.toLowerCase() === 'authorization') hasAuthorization = true;
    if (isTemplated(value)) templatedHeaders.push({ name, render: compileTemplate(value) });
    else headers.push(name, value);
  }
  // Credentials in the target URL become Basic auth, as browsers and curl do.
  if (!hasAuthorization && (target.username !== '' || target.password !== '')) {
    const user = decodeURIComponent(target.username);
    const pass = decodeURIComponent(target.password);
    headers.push('authorization', 'Basic ' + Buffer.from(user + ':' + pass).toString('base64'));
  }
  const pathTemplated = isTemplated(spec.path);
  const path = pathTemplated ? undefined : basePath + spec.path;
  const urlPrefix = target.origin + basePath;
  const bodyTemplated = spec.body !== undefined && isTemplated(spec.body);
  const step = flow !== undefined ? (spec as FlowStepSpec) : undefined;
  const checks = new ResponseChecks(spec.expect, step?.capture ?? []);
  const extract = spec.extract === undefined ? undefined : new ResponseExtract(spec.extract);
  const bodyNeedle = spec.expect?.bodyContains !== undefined ? Buffer.from(spec.expect.bodyContains) : undefined;
  return {
    spec,
    name: spec.name,
    method: spec.method.toUpperCase(),
    origin,
    targetOrigin: target.origin,
    transport,
    basePath,
    path,
    renderPath: pathTemplated ? compileTemplate(spec.path) : undefined,
    body: bodyTemplated ? undefined : spec.body,
    renderBody: bodyTemplated && spec.body !== undefined ? compileTemplate(spec.body, { escape: spec.bodyEscape }) : undefined,
    headers,
    templatedHeaders,
    url: path === undefined ? undefined : urlPrefix + redactPath(path),
    urlPrefix,
    serverAddress: target.hostname.replace(/^\[|\]$/g, ''),
    serverPort,
    timeoutMs: spec.timeoutMs > 0 && Number.isFinite(spec.timeoutMs) ? spec.timeoutMs : Infinity,
    expectStatus: spec.expect?.status !== undefined ? new Set(spec.expect.status) : undefined,
    bodyNeedle,
    podHeaderLower: podHeader !== undefined && podHeader !== '' ? podHeader.toLowerCase() : undefined,
    extract,
    checks: checks.empty ? undefined : checks,
    keepsBody: bodyNeedle !== undefined || checks.readsBody,
    readsHeaders: checks.readsHeaders || spec.cookies,
    tags: Object.keys(spec.tags).length === 0 ? undefined : spec.tags,
    cookies: spec.cookies,
    flow,
    step: step?.step,
    thinkTime: step?.thinkTime,
  };
}
