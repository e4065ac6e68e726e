/**
 * This process's part of a load split across `count` workers or shards. Arrival k of the whole
 * plan belongs to share `k mod count`, and so does VU j (0-based): the shares interleave, so
 * together they send exactly the plan — the requested rate without bursts, every VU once.
 */
export interface LoadShare {
  /** 0-based. */
  index: number;
  count: number;
}

export const WHOLE_LOAD: LoadShare = Object.freeze({ index: 0, count: 1 });

/** How many of `total` items (j = 0…total-1) fall to `share`: ⌈(total − index) / count⌉, or 0. */
export function shareOf(total: number, share: LoadShare): number {
  return total <= share.index ? 0 : Math.ceil((total - share.index) / share.count);
}

/**
 * A share of a share (shard I of N, worker w of W): the items j ≡ I + N·w (mod N·W), i.e.
 * worker w's part of shard I's part. The workers of all shards together are again the whole.
 */
export function composeShares(outer: LoadShare, inner: LoadShare): LoadShare {
  return { index: outer.index + outer.count * inner.index, count: outer.count * inner.count };
}

/**
 * Closed model with a fixed iteration count: only shares that get a VU can run iterations, so
 * the iterations are split among the first min(vus, count) shares.
 */
export function iterationsShareOf(iterations: number, vus: number, share: LoadShare): number {
  const sharing = Math.min(vus, share.count);
  if (share.index >= sharing) return 0;
  return shareOf(iterations, { index: share.index, count: sharing });
}

/** Global 1-based VU number of this share's local VU `local` (1-based): unique across shares. */
export function globalVu(local: number, share: LoadShare): number {
  return (local - 1) * share.count + share.index + 1;
}

/** "1/4": 0-based index / count, the `--shard` syntax. */
export function formatShare(share: LoadShare): string {
  return `${share.index}/${share.count}`;
}
