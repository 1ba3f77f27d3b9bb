// MPEG-1 Layer III frames: what the player needs to cut chunks on frame boundaries and to find the frame
// of another rendition that starts at the same time. The renditions are CBR, 44.1 kHz (pipelines' ingest).

const BITRATES_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
const SAMPLE_RATES = [44100, 48000, 32000, 0];
export const SAMPLES_PER_FRAME = 1152;

/** The frame header at offset i, or null when those 4 bytes are not a valid MPEG-1 Layer III header. */
export function frameHeader(bytes, i) {
  if (i + 4 > bytes.length) return null;
  const b1 = bytes[i + 1], b2 = bytes[i + 2];
  if (bytes[i] !== 0xff || (b1 & 0xe0) !== 0xe0) return null; // 11-bit sync 0xFFE
  if (((b1 >> 3) & 3) !== 3 || ((b1 >> 1) & 3) !== 1) return null; // MPEG-1, Layer III
  const kbps = BITRATES_KBPS[b2 >> 4];
  const sampleRate = SAMPLE_RATES[(b2 >> 2) & 3];
  if (!kbps || !sampleRate) return null;
  const padding = (b2 >> 1) & 1;
  return { kbps, sampleRate, length: Math.floor((144000 * kbps) / sampleRate) + padding };
}

/** Bytes taken by a leading ID3v2 tag (0 when there is none). */
export function id3Length(bytes) {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size = ((bytes[6] & 0x7f) << 21) | ((bytes[7] & 0x7f) << 14) | ((bytes[8] & 0x7f) << 7) | (bytes[9] & 0x7f);
  const footer = (bytes[5] & 0x10) ? 10 : 0;
  return 10 + size + footer;
}

/**
 * Walks whole frames from `start` (a frame boundary): how many complete frames the bytes hold and where
 * the first incomplete one begins. Stops early at bytes that are not a frame (`broken`).
 */
export function wholeFrames(bytes, start) {
  let i = start, frames = 0;
  for (;;) {
    const h = frameHeader(bytes, i);
    if (!h) return { frames, end: i, broken: i + 4 <= bytes.length };
    if (i + h.length > bytes.length) return { frames, end: i, broken: false };
    i += h.length; frames += 1;
  }
}

/** The mean frame length in bytes of a CBR rendition (padding spreads the fraction over the frames). */
export function meanFrameBytes(kbps, sampleRate = 44100) {
  return (144000 * kbps) / sampleRate;
}

/** Seconds of audio in one frame. */
export function frameSeconds(sampleRate = 44100) {
  return SAMPLES_PER_FRAME / sampleRate;
}

/**
 * The offset of the frame header nearest to `expected` (an offset into `bytes`) that is followed by two more
 * valid headers (so that a 0xFFE pattern inside audio data is not taken for a frame); -1 when none.
 */
export function frameNear(bytes, expected) {
  let best = -1;
  for (let i = 0; i + 4 <= bytes.length; i++) {
    const h = frameHeader(bytes, i);
    if (!h) continue;
    const h2 = frameHeader(bytes, i + h.length);
    if (!h2 || !frameHeader(bytes, i + h.length + h2.length)) continue;
    if (best < 0 || Math.abs(i - expected) < Math.abs(best - expected)) best = i;
    if (i > expected) break; // offsets only grow from here
  }
  return best;
}
