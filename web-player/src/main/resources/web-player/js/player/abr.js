// The adaptive-bitrate decision: a pure function of (throughput estimate, buffer level, current rendition,
// the tier's cap, the renditions on offer), testable without a browser (web-player/tests run it in Chromium).

export const DOWN_SAFETY = 0.8; // stay on a rendition while it needs at most 80 % of the estimate
export const UP_SAFETY = 0.5; // move up only to one that needs at most half of it
export const UP_MIN_BUFFER_S = 10; // and only with this much audio buffered ahead
export const PANIC_BUFFER_S = 4; // below this, the lowest rendition whatever the estimate says

/**
 * The bitrate (kbps) for the next chunk.
 * @param {number} estimateBps  measured throughput, bits per second
 * @param {number} bufferAheadS audio buffered ahead of the play position, seconds
 * @param {number} currentKbps  the rendition being fetched now
 * @param {number} capKbps      the highest the server offers this listener (tier)
 * @param {number[]} offered    the renditions offered (kbps)
 */
export function chooseBitrate(estimateBps, bufferAheadS, currentKbps, capKbps, offered) {
  const ladder = [...new Set(offered)].filter((b) => b <= capKbps).sort((a, b) => a - b);
  if (ladder.length === 0) return currentKbps;
  const lowest = ladder[0];
  const fits = (kbps, safety) => kbps * 1000 <= estimateBps * safety;
  const current = ladder.includes(currentKbps) ? currentKbps : ladder.filter((b) => b <= currentKbps).pop() ?? lowest;
  if (!fits(current, DOWN_SAFETY)) {
    // down fast: the best one the estimate sustains, else the lowest
    return ladder.filter((b) => b < current && fits(b, DOWN_SAFETY)).pop() ?? lowest;
  }
  if (bufferAheadS < PANIC_BUFFER_S && current !== lowest && !fits(current, UP_SAFETY)) return lowest;
  if (bufferAheadS >= UP_MIN_BUFFER_S) {
    // up slowly: one step at a time, with a wide margin
    const next = ladder.find((b) => b > current);
    if (next !== undefined && fits(next, UP_SAFETY)) return next;
  }
  return current;
}

/** The X-Network-Quality hint for the start of a play, from the last estimate this browser measured. */
export function networkQualityHint(lastEstimateBps) {
  if (!lastEstimateBps) return "medium";
  if (lastEstimateBps < 400_000) return "low";
  if (lastEstimateBps < 1_000_000) return "medium";
  return "high";
}

export const BITRATE_OF_QUALITY = { low: 128, medium: 256, high: 320 };
export const QUALITY_OF_BITRATE = { 128: "low", 256: "medium", 320: "high" };
