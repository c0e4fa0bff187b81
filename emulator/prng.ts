/**
 * A small seeded pseudo-random number generator (mulberry32): the same seed always gives the same
 * sequence, so fault injection can be replayed. Not for anything that needs real randomness.
 */

export type Random = () => number;

/** Numbers in [0, 1) from a 32-bit seed (any integer; only its low 32 bits count). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
