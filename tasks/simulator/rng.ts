/**
 * Deterministic randomness: a value is a hash of (seed, what, who, when), so the same
 * station at the same hour always gives the same reading, across runs and processes.
 */
function mix(h: number, k: number): number {
  let x = Math.imul(k, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  h ^= x;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalise(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function stringKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** A 32-bit hash of the parts (numbers are mixed as 32-bit halves so large values stay distinct). */
export function hash(...parts: (number | string)[]): number {
  let h = 0x9747b28c;
  for (const p of parts) {
    if (typeof p === 'string') h = mix(h, stringKey(p));
    else {
      h = mix(h, p | 0);
      h = mix(h, Math.floor(p / 4294967296) | 0);
    }
  }
  return finalise(h);
}

/** A uniform number in [0, 1) determined by the parts. */
export function unit(...parts: (number | string)[]): number {
  return hash(...parts) / 4294967296;
}

export function pick<T>(items: readonly T[], ...parts: (number | string)[]): T {
  const item = items[hash(...parts) % items.length];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
