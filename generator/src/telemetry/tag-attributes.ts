import type { Attributes } from '@opentelemetry/api';

/** The most `tags:` exported per request or flow (docs/telemetry.md: each distinct set is a metric series). */
export const MAX_TAGS = 10;

/** A tags object as span and metric attributes, and a key that identifies its content. */
export interface TagAttributes {
  /** `loadtest.tag.KEY` → value, keys sorted. */
  readonly attributes: Readonly<Attributes>;
  /** A short id of the content ('' for none; equal content, equal id): part of the metric series key. */
  readonly key: string;
}

const NONE: TagAttributes = { attributes: {}, key: '' };
// The engine hands over a prepared request's (or flow's) own tags object with every record, so
// this is computed once per object and the hot path is one WeakMap lookup.
const cache = new WeakMap<object, TagAttributes>();
// Distinct tag sets (a scenario has a few, constant): a short id keeps series keys short to hash.
const ids = new Map<string, string>();

export function tagAttributes(tags: Readonly<Record<string, string>> | undefined): TagAttributes {
  if (tags === undefined) return NONE;
  let t = cache.get(tags);
  if (t === undefined) {
    const keys = Object.keys(tags).sort().slice(0, MAX_TAGS);
    const attributes: Attributes = {};
    for (const k of keys) attributes[`loadtest.tag.${k}`] = tags[k];
    const content = JSON.stringify(keys.map((k) => [k, tags[k]]));
    let id = ids.get(content);
    if (id === undefined) ids.set(content, id = `t${ids.size + 1}`);
    t = keys.length === 0 ? NONE : { attributes, key: id };
    cache.set(tags, t);
  }
  return t;
}

/** Adds the `loadtest.tag.*` attributes to `into`. */
export function addTagAttributes(into: Attributes, tags: Readonly<Record<string, string>> | undefined): void {
  if (tags === undefined) return;
  const a = tagAttributes(tags).attributes;
  for (const k in a) into[k] = a[k];
}
