// The throughput estimate, after shaka-player's EwmaBandwidthEstimator: a fast and a slow exponentially
// weighted moving average, the estimate being the lower of the two, so that it drops fast and rises slowly;
// chunks too small to measure are ignored. One difference: the averages are kept of each chunk's bytes and
// of its download time (throughput = averaged bytes / averaged time), per chunk. On loopback a chunk takes
// milliseconds and under throttling seconds — averaging bits per second would let one fast chunk outweigh a
// run of slow ones by a thousand to one; averaging time lets a slow chunk count for what it cost.

class Ewma {
  constructor(halfLifeSamples) {
    this.alpha = Math.pow(0.5, 1 / halfLifeSamples);
    this.value = 0;
    this.weight = 0;
  }
  sample(x) {
    this.value = this.alpha * this.value + (1 - this.alpha) * x;
    this.weight = this.alpha * this.weight + (1 - this.alpha);
  }
  mean() {
    return this.weight > 0 ? this.value / this.weight : 0;
  }
}

export const MIN_BYTES = 16 * 1024;

export class BandwidthEstimator {
  constructor({ fastHalfLife = 2, slowHalfLife = 4, defaultBps = 500_000 } = {}) {
    this.fast = { bytes: new Ewma(fastHalfLife), seconds: new Ewma(fastHalfLife) };
    this.slow = { bytes: new Ewma(slowHalfLife), seconds: new Ewma(slowHalfLife) };
    this.defaultBps = defaultBps;
    this.samples = 0;
  }
  /** One chunk: its size in bytes and how long it took, in milliseconds. */
  sample(bytes, ms) {
    if (bytes < MIN_BYTES) return;
    const seconds = Math.max(ms, 0.5) / 1000;
    for (const avg of [this.fast, this.slow]) {
      avg.bytes.sample(bytes);
      avg.seconds.sample(seconds);
    }
    this.samples += 1;
  }
  /** Bits per second; the default until a chunk has been measured. */
  estimate() {
    if (this.samples === 0) return this.defaultBps;
    const rate = (avg) => (8 * avg.bytes.mean()) / avg.seconds.mean();
    return Math.min(rate(this.fast), rate(this.slow));
  }
}
