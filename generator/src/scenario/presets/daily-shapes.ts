/**
 * Built-in day shapes: the share of the way from `min` to `peak` at each hour (0 = min, 1 = peak),
 * linear between points. Shaped after the seeds' k6 weekday/weekend profiles (16 h, 06:00–22:00):
 * weekday 30–500 VUs, a morning peak and a larger evening peak; weekend 80–600 VUs, an early
 * morning rush and a super peak in the evening. 00:00–06:00 and 22:00–24:00 are a night trough,
 * so `from: "00:00", to: "24:00"` gives a whole day.
 */
export interface DayShape {
  min: number;
  peak: number;
  /** [hour of day, share of (peak − min)], hours ascending from 0 to 24. */
  points: ReadonlyArray<readonly [number, number]>;
}

export const DAY_SHAPES: Record<'weekday' | 'weekend', DayShape> = {
  weekday: {
    min: 30,
    peak: 500,
    points: [
      [0, 0.04], [3, 0], [6, 0], [7, 0.25], [9, 0.55], [11, 0.45], [12.5, 0.6], [14, 0.45],
      [17, 0.6], [19, 0.85], [20, 1], [21, 0.7], [22, 0.3], [24, 0.04],
    ],
  },
  weekend: {
    min: 80,
    peak: 600,
    points: [
      [0, 0.1], [4, 0], [6, 0], [7, 0.45], [8, 0.6], [10, 0.4], [13, 0.5], [16, 0.55],
      [18, 0.8], [20, 1], [21, 0.85], [22, 0.4], [24, 0.1],
    ],
  },
};
