/** One HPA's replica timeline point (epoch ms; `current` = the HPA's currentReplicas). */
export interface ReplicaPoint { at: number; current: number }

export interface ReplicaAnalysis {
  hpa: string;
  /** Seconds of the run covered by the timeline. */
  observedS: number;
  /** Seconds at each replica count, most represented first. */
  timeAtReplicas: Array<{ replicas: number; seconds: number; share: number }>;
  /** Changes of the replica count during the run. */
  scalingEvents: { up: number; down: number; total: number };
  /** Seconds at the most represented count ÷ seconds at the least represented (visited) one; null below two counts. */
  imbalanceRatio: number | null;
  /** Counts between the lowest and highest visited that the run never spent time at. */
  neverAt: number[];
}

/**
 * What teams collecting data for ML autoscalers check by hand: how long the run spent at each
 * replica count, how many scaling events it produced, and how imbalanced the classes are
 * (e.g. "target imbalance < 2x, currently 7.84x").
 */
export function analyzeReplicas(hpa: string, timeline: readonly ReplicaPoint[], startMs: number, endMs: number): ReplicaAnalysis {
  const points = [...timeline].sort((a, b) => a.at - b.at);
  const seconds = new Map<number, number>();
  const events = { up: 0, down: 0, total: 0 };
  let observedMs = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as ReplicaPoint;
    const from = Math.max(p.at, startMs);
    const to = Math.min(points[i + 1]?.at ?? endMs, endMs);
    if (to > from) {
      seconds.set(p.current, (seconds.get(p.current) ?? 0) + (to - from));
      observedMs += to - from;
    }
    const prev = points[i - 1];
    if (prev !== undefined && p.current !== prev.current && p.at > startMs && p.at <= endMs) {
      if (p.current > prev.current) events.up++;
      else events.down++;
      events.total++;
    }
  }
  const timeAtReplicas = [...seconds.entries()]
    .map(([replicas, ms]) => ({ replicas, seconds: round1(ms / 1000), share: observedMs > 0 ? round3(ms / observedMs) : 0 }))
    .sort((a, b) => b.seconds - a.seconds || a.replicas - b.replicas);
  const visited = timeAtReplicas.filter((t) => t.seconds > 0);
  const most = visited[0];
  const least = visited[visited.length - 1];
  const imbalanceRatio = visited.length >= 2 && most && least ? Math.round((most.seconds / least.seconds) * 100) / 100 : null;
  const counts = visited.map((t) => t.replicas);
  const neverAt: number[] = [];
  for (let r = Math.min(...counts); counts.length > 0 && r <= Math.max(...counts); r++) if (!counts.includes(r)) neverAt.push(r);
  return { hpa, observedS: round1(observedMs / 1000), timeAtReplicas, scalingEvents: events, imbalanceRatio, neverAt };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const round3 = (n: number): number => Math.round(n * 1000) / 1000;
