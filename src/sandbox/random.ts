import { createHash } from 'node:crypto';

/**
 * Seeded randomness. Everything the sandbox generates comes from here, so the same seed gives
 * the same org byte for byte (mulberry32: tiny, fast, good enough for test data).
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks an item with probability proportional to its weight. */
  pickWeighted<T>(items: readonly { weight: number; value: T }[]): T {
    const total = items.reduce((sum, item) => sum + item.weight, 0);
    let roll = this.next() * total;
    for (const item of items) {
      roll -= item.weight;
      if (roll < 0) {
        return item.value;
      }
    }
    return items[items.length - 1].value;
  }

  /**
   * A UUIDv4-shaped identifier (version and variant bits set like a real v4). Written into a buffer
   * so the result is one flat string: 100 000 users' IDs as concatenations would take 5x the memory.
   */
  uuid(): string {
    const words = [
      this.nextUint32(),
      (this.nextUint32() & 0xffff0fff) | 0x00004000, // version 4
      (this.nextUint32() & 0x3fffffff) | 0x80000000, // variant 10xx
      this.nextUint32(),
    ];
    let position = 0;
    for (let nibble = 0; nibble < 32; nibble++) {
      if (nibble === 8 || nibble === 12 || nibble === 16 || nibble === 20) {
        UUID_BUFFER[position++] = DASH;
      }
      const word = words[nibble >> 3];
      UUID_BUFFER[position++] = HEX_DIGITS[(word >>> (28 - (nibble & 7) * 4)) & 0xf];
    }
    return UUID_BUFFER.toString('latin1');
  }
}

const UUID_BUFFER = Buffer.alloc(36);
const DASH = '-'.charCodeAt(0);
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A UUIDv4-shaped identifier derived from a label by hashing. Used for values that must not shift
 * when other generated data changes (client IDs stay the same whatever the user count).
 */
export function derivedUuid(label: string): string {
  const bytes = createHash('sha256').update(label).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return formatUuid(bytes.subarray(0, 16).toString('hex'));
}

/** A 43-character base64url secret derived from a label (the length Genesys client secrets have). */
export function derivedSecret(label: string): string {
  return createHash('sha256').update(label).digest('base64url');
}
