import type { K8sObject } from './kustomize';

/**
 * Validation of rendered objects against the Kubernetes API's own schemas, twice over:
 * - `kubernetes-models` (JSON schemas generated from the Kubernetes OpenAPI spec, checked with
 *   ajv): types, required fields, enums, formats;
 * - the model classes of the official `@kubernetes/client-node` (also generated from the OpenAPI
 *   spec): every field must exist in its type, which the JSON schemas do not check (they allow
 *   unknown properties, and a typo like `readOnlyRootFileSystem` would silently do nothing).
 */
export async function schemaProblems(obj: K8sObject): Promise<string[]> {
  return [...modelProblems(obj), ...(await unknownFields(obj))];
}

function modelProblems(obj: K8sObject): string[] {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const modulePath = group ? `kubernetes-models/${group}/${version}/${obj.kind}` : `kubernetes-models/${version}/${obj.kind}`;
  let Model: new (o: unknown) => { validate(): void };
  try {
    Model = (require(modulePath) as Record<string, new (o: unknown) => { validate(): void }>)[obj.kind] as typeof Model;
  } catch {
    return [`${describe(obj)}: no schema for ${obj.apiVersion} ${obj.kind}`];
  }
  try {
    new Model(obj).validate();
    return [];
  } catch (error) {
    return [`${describe(obj)}: ${(error as Error).message}`];
  }
}

interface AttributeType { baseName: string; type: string }
type ClientModels = Record<string, { getAttributeTypeMap?: () => AttributeType[] } | undefined>;
let clientModels: Promise<ClientModels> | undefined;

async function unknownFields(obj: K8sObject): Promise<string[]> {
  clientModels ??= import('@kubernetes/client-node') as unknown as Promise<ClientModels>;
  const models = await clientModels;
  const version = obj.apiVersion.split('/').pop() ?? '';
  const root = `${version[0]?.toUpperCase()}${version.slice(1)}${obj.kind}`;
  if (!models[root]?.getAttributeTypeMap) return [`${describe(obj)}: no client-node model ${root}`];
  const problems: string[] = [];
  walk(obj, root, '', models, problems);
  return problems.map((p) => `${describe(obj)}: unknown field ${p}`);
}

function walk(value: unknown, type: string, path: string, models: ClientModels, problems: string[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, array[1] as string, `${path}[${i}]`, models, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, map[1] as string, `${path}.${k}`, models, problems);
    return;
  }
  const attrs = models[type]?.getAttributeTypeMap?.();
  if (!attrs || typeof value !== 'object' || Array.isArray(value)) return; // a primitive, IntOrString, Date, object…
  for (const [k, v] of Object.entries(value)) {
    const attr = attrs.find((a) => a.baseName === k);
    if (!attr) problems.push(`${path}.${k}`.replace(/^\./, ''));
    else walk(v, attr.type, `${path}.${k}`, models, problems);
  }
}

function describe(obj: K8sObject): string {
  return `${obj.kind}/${obj.metadata?.name ?? '?'}`;
}
