import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDuration } from './duration';
import { closestMatch } from './errors';
import { normalizeExpect } from './expect-schema';
import { compileTemplate, templateReferences, TemplateError } from './template';
import type { DataSourceFields } from './data-section';
import type { RawRequest } from './schema';
import type { RequestSpec } from './types';
import type { YamlSource } from './yaml-source';

/** Defaults, documented in docs/scenario.md. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** What a request and a flow step both have, as written. */
export type RawRequestFields = Pick<RawRequest, 'method' | 'path' | 'target' | 'headers' | 'body' | 'bodyFile' | 'expect' | 'timeout' | 'extract'>;

/** What `${data.…}` and `${vars.…}` may name where a template is written. */
export interface TemplateScope {
  data: ReadonlyMap<string, DataSourceFields>;
  /** Flow steps: the flow and what its earlier steps capture; undefined for a plain request. */
  flow?: { name: string; captured: readonly string[] };
}

export interface RequestPlace {
  /** Path of the request or step in the YAML. */
  at: ReadonlyArray<string | number>;
  /** `name`, or `FLOW.STEP` for a step. */
  name: string;
  kind: 'request' | 'step';
  scenarioTarget: string | undefined;
  scope: TemplateScope;
}

/** The fields of a request or step that do not depend on where it sits (no weight, tags, transport, cookies). */
export type RequestCore = Omit<RequestSpec, 'weight' | 'tags' | 'transport' | 'cookies'>;

export function normalizeRequestFields(r: RawRequestFields, place: RequestPlace, source: YamlSource): RequestCore {
  const { at } = place;
  // --target replaces the scenario-level target only; a per-request target still wins.
  const target = r.target ?? place.scenarioTarget;
  if (!target) throw source.error(at, `${place.kind} "${place.name}" has no target: set a scenario-level target, the ${place.kind}'s own target, or --target`);
  if (r.body !== undefined && r.bodyFile !== undefined) throw source.error([...at, 'bodyFile'], 'use either body or bodyFile, not both');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  let body: string | undefined;
  let bodyEscape: 'json' | undefined;
  if (typeof r.body === 'string') body = r.body;
  else if (r.body !== undefined) {
    body = JSON.stringify(r.body);
    bodyEscape = 'json';
    headers['content-type'] ??= 'application/json';
  } else if (r.bodyFile !== undefined) {
    const file = path.resolve(path.dirname(source.file), r.bodyFile);
    try {
      body = readFileSync(file, 'utf8');
    } catch (err) {
      throw source.error([...at, 'bodyFile'], `cannot read ${JSON.stringify(r.bodyFile)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; paths are relative to the scenario file)`);
    }
  }
  const reqPath = r.path ?? '/';
  checkTemplate(source, [...at, 'path'], reqPath, place.scope);
  if (body !== undefined) checkTemplate(source, [...at, r.bodyFile !== undefined ? 'bodyFile' : 'body'], body, place.scope);
  // Written keys, not the lower-cased ones, so the error finds the YAML node.
  for (const [k, v] of Object.entries(r.headers ?? {})) checkTemplate(source, [...at, 'headers', k], String(v), place.scope);
  if (!reqPath.startsWith('/') && !reqPath.startsWith('${')) throw source.error([...at, 'path'], 'must start with "/"');
  return {
    name: place.name,
    method: (r.method ?? 'GET').toUpperCase(),
    target: target.replace(/\/+$/, ''),
    path: reqPath,
    headers,
    body,
    ...(bodyEscape ? { bodyEscape } : {}),
    expect: r.expect === undefined ? undefined : normalizeExpect(r.expect, [...at, 'expect'], source),
    timeoutMs: r.timeout === undefined ? REQUEST_TIMEOUT_MS : parseDuration(r.timeout),
    ...(r.extract === undefined ? {} : { extract: { ...(r.extract.tokens === undefined ? {} : { tokens: r.extract.tokens }), firstChunk: r.extract.firstChunk ?? true } }),
  };
}

/** The template compiles, and every `${data.…}` / `${vars.…}` in it names something that will be there. */
function checkTemplate(source: YamlSource, at: Array<string | number>, text: string, scope: TemplateScope): void {
  try {
    compileTemplate(text);
  } catch (err) {
    if (err instanceof TemplateError) throw source.error(at, err.message);
    throw err;
  }
  const refs = templateReferences(text);
  for (const { source: name, field } of refs.data) {
    const expr = `\${data.${name}.${field}}`;
    const data = scope.data.get(name);
    if (data === undefined) {
      const known = [...scope.data.keys()];
      if (known.length === 0) throw source.error(at, `${expr}: there is no data source "${name}" (the scenario has no data: section)`);
      throw source.error(at, `${expr}: there is no data source "${name}" (${hint(name, known)}data sources: ${known.join(', ')})`);
    }
    if (!data.fields.includes(field)) {
      const csv = data.spec.format === 'csv';
      const missing = csv ? `no column "${field}"` : `no field "${field}" in its first row`;
      throw source.error(at, `${expr}: ${JSON.stringify(data.written)} has ${missing} (${hint(field, data.fields)}${csv ? 'columns' : 'fields'}: ${data.fields.join(', ') || 'none'})`);
    }
  }
  for (const name of refs.vars) {
    const expr = `\${vars.${name}}`;
    const flow = scope.flow;
    if (flow === undefined) throw source.error(at, `${expr}: a plain request has no captured values; vars come from the capture: of an earlier step of the same flow`);
    if (!flow.captured.includes(name)) {
      const before = flow.captured.length === 0 ? 'none' : [...new Set(flow.captured)].join(', ');
      throw source.error(at, `${expr}: captured by no earlier step of flow ${flow.name}; captures before this step: ${before}${flow.captured.length ? hintSuffix(name, flow.captured) : ''}`);
    }
  }
}

function hint(word: string, candidates: readonly string[]): string {
  const m = closestMatch(word, candidates);
  return m ? `did you mean "${m}"? ` : '';
}

function hintSuffix(word: string, candidates: readonly string[]): string {
  const m = closestMatch(word, candidates);
  return m ? ` (did you mean "${m}"?)` : '';
}
