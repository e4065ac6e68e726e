import type { FailAt, PresetExpansion } from './expansion';
import { DAY_SHAPES } from './daily-shapes';
import type { RawDaily } from './preset-schema';
import { StageBuilder, rounderFor } from './stage-builder';

const HOUR_MS = 3_600_000;

/** A day curve, linear between points, clipped to from–to and run timeScale times faster. */
export function expandDaily(raw: RawDaily = {}, unit: 'rate' | 'vus', fail: FailAt): PresetExpansion {
  if (raw.points !== undefined && raw.shape !== undefined) fail(['points'], 'use either shape (built-in) or points, not both');
  let points: Array<[number, number]>;
  if (raw.points !== undefined) {
    for (const k of ['min', 'peak'] as const) if (raw[k] !== undefined) fail([k], 'applies to a built-in shape; points carry their own targets');
    points = raw.points.map((p) => [clockHours(p.at), p.target]);
    points.forEach(([h], i) => {
      if (i > 0 && h <= (points[i - 1] as [number, number])[0]) fail(['points', i, 'at'], 'points must be in ascending time order');
    });
  } else {
    const shape = DAY_SHAPES[raw.shape ?? 'weekday'];
    const min = raw.min ?? shape.min;
    const peak = raw.peak ?? shape.peak;
    if (peak < min) fail(['peak'], `is below min (${min})`);
    points = shape.points.map(([h, share]) => [h, min + share * (peak - min)]);
  }
  const first = (points[0] as [number, number])[0];
  const last = (points[points.length - 1] as [number, number])[0];
  const from = raw.from !== undefined ? clockHours(raw.from) : raw.points !== undefined ? first : 6;
  const to = raw.to !== undefined ? clockHours(raw.to) : raw.points !== undefined ? last : 22;
  if (to <= from) fail(['to'], `must be after from (${clockText(from)})`);
  if (from < first) fail(['from'], `is before the first point (${clockText(first)})`);
  if (to > last) fail(['to'], `is after the last point (${clockText(last)})`);
  const timeScale = raw.timeScale ?? 1;

  // The curve's corners inside [from, to], with the values at from and to interpolated.
  const corners: Array<[number, number]> = [[from, valueAt(points, from)]];
  for (const p of points) if (p[0] > from && p[0] < to) corners.push(p);
  corners.push([to, valueAt(points, to)]);

  const b = new StageBuilder(rounderFor(unit));
  for (let i = 1; i < corners.length; i++) {
    const [h0, v0] = corners[i - 1] as [number, number];
    const [h1, v1] = corners[i] as [number, number];
    b.phase(`${clockText(h0)}–${clockText(h1)}`, v0, [v1], ((h1 - h0) * HOUR_MS) / timeScale, 0, Math.round((h0 - from) * HOUR_MS));
  }
  return { start: b.start, stages: b.stages, plan: { name: 'daily', unit, phases: b.phases, timeScale } };
}

function valueAt(points: ReadonlyArray<[number, number]>, h: number): number {
  for (let i = 1; i < points.length; i++) {
    const [h0, v0] = points[i - 1] as [number, number];
    const [h1, v1] = points[i] as [number, number];
    if (h <= h1) return v0 + ((v1 - v0) * (h - h0)) / (h1 - h0);
  }
  return (points[points.length - 1] as [number, number])[1];
}

/** "06:30" → 6.5 */
export function clockHours(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) + (m ?? 0) / 60;
}

export function clockText(hours: number): string {
  const minutes = Math.round(hours * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
