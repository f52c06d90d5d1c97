/** Durations kept exactly per edge; beyond this they go into logarithmic buckets. */
export const EXACT_SAMPLES = 256;
/** Bucket width: each bucket spans 2% of its value, so a bucket's midpoint is within 1% of any value in it. */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Durations below a microsecond share one bucket. */
const SMALLEST_MS = 0.001;

/**
 * The latencies of one edge in bounded memory: the first 256 durations exactly, then a histogram
 * of logarithmic buckets (2% wide: a few hundred buckets cover a microsecond to an hour), so p50
 * and p99 are exact up to 256 calls and within 1% of the true value beyond. Quantiles are by
 * nearest rank: the smallest duration with at least q of all durations at or below it.
 */
export class LatencySketch {
  private exact: number[] | undefined = [];
  private buckets: Map<number, number> | undefined;
  count = 0;

  add(ms: number): void {
    this.count++;
    if (this.exact !== undefined) {
      this.exact.push(ms);
      if (this.exact.length <= EXACT_SAMPLES) return;
      this.buckets = new Map();
      for (const value of this.exact) this.addToBucket(value);
      this.exact = undefined;
      return;
    }
    this.addToBucket(ms);
  }

  merge(other: LatencySketch): void {
    if (other.exact !== undefined) {
      for (const value of other.exact) this.add(value);
      return;
    }
    if (this.exact !== undefined) {
      const mine = this.exact;
      this.exact = undefined;
      this.buckets = new Map();
      for (const value of mine) this.addToBucket(value);
    }
    const buckets = this.buckets as Map<number, number>;
    for (const [bucket, count] of other.buckets ?? [])
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
    this.count += other.count;
  }

  /** The q-quantile (0 < q ≤ 1) in milliseconds, rounded to the microsecond; 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (this.exact !== undefined) {
      const sorted = [...this.exact].sort((a, b) => a - b);
      return round(sorted[rank - 1] ?? 0);
    }
    const keys = [...(this.buckets as Map<number, number>).keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const key of keys) {
      seen += (this.buckets as Map<number, number>).get(key) ?? 0;
      if (seen >= rank) return round(key === Number.NEGATIVE_INFINITY ? 0 : GROWTH ** (key + 0.5));
    }
    return 0;
  }

  private addToBucket(ms: number): void {
    const key = ms < SMALLEST_MS ? Number.NEGATIVE_INFINITY : Math.floor(Math.log(ms) / LOG_GROWTH);
    const buckets = this.buckets as Map<number, number>;
    buckets.set(key, (buckets.get(key) ?? 0) + 1);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
