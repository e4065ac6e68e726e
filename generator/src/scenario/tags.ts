import { z } from 'zod';
import type { YamlSource } from './yaml-source';

/**
 * `tags:` on a request or flow: constant labels that become the span attribute and the metric
 * attribute `loadtest.tag.KEY`. A metric attribute multiplies the series exported, so tags are
 * few, short and constant: their values are bounded by the scenario, never by the traffic.
 */
export const MAX_TAGS = 10;
export const MAX_TAG_VALUE_LENGTH = 64;
const TAG_KEY = /^[a-z][a-z0-9_]*$/;

export const tagsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()], { error: 'a tag value is a constant string (or a number, true/false)' }),
  { error: 'expected a mapping of tag name → constant value, e.g. { tier: gold }' },
);

export type RawTags = z.infer<typeof tagsSchema>;

/** Checks the tags written at `at` (the `tags` field's path) and returns them as strings. */
export function normalizeTags(raw: RawTags | undefined, at: ReadonlyArray<string | number>, source: YamlSource): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, written] of Object.entries(raw ?? {})) {
    if (!TAG_KEY.test(key)) throw source.error(at, `${JSON.stringify(key)}: a tag name is lower case: a letter, then letters, digits or _ (it becomes loadtest.tag.${key})`, key);
    const value = String(written);
    if (value.includes('${')) {
      throw source.error([...at, key], 'a tag value is a constant, not a template: tags are metric attributes, so their values must be bounded by the scenario (put per-request values in headers or the body)');
    }
    if (value.length > MAX_TAG_VALUE_LENGTH) throw source.error([...at, key], `is ${value.length} characters; a tag value is at most ${MAX_TAG_VALUE_LENGTH}`);
    tags[key] = value;
  }
  checkCount(tags, '', at, source);
  return tags;
}

/** A flow's tags under a step's own (the step's win on a clash), at most MAX_TAGS in all. */
export function mergeTags(flowTags: Record<string, string>, ownTags: Record<string, string>, at: ReadonlyArray<string | number>, source: YamlSource): Record<string, string> {
  const merged = { ...flowTags, ...ownTags };
  checkCount(merged, ' with its flow\'s', at, source);
  return merged;
}

function checkCount(tags: Record<string, string>, what: string, at: ReadonlyArray<string | number>, source: YamlSource): void {
  const count = Object.keys(tags).length;
  if (count > MAX_TAGS) {
    throw source.error(at, `${count} tags${what}; at most ${MAX_TAGS} per request, because each is a metric attribute and their combinations multiply the series`);
  }
}
