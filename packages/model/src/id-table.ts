import { fnv1a } from './fnv.js';

/**
 * Ids → numbers, for checking tens of thousands of ids at once: an open-addressing table over
 * 32-bit FNV-1a hashes of the ids, in typed arrays. A V8 Map that large got slower per id as it
 * grew (its table outgrows the caches and every probe rereads a key string); this table keeps
 * each id's hash beside its slot, so a probe reads a key only when the hashes agree.
 */
export class IdTable {
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly values: Int32Array;
  private readonly keys: string[];
  private added = 0;
  private readonly mask: number;

  /** `capacity`: how many ids at most will be added. */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    // Slot → entry + 1 (0: empty); entries in the order added.
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    // Sized once: a list grown id by id is copied again and again.
    this.keys = new Array<string>(capacity);
  }

  /** Adds `id` → `value`, unless `id` is there already: then returns its value, else -1. */
  add(id: string, value: number): number {
    const hash = hashOf(id);
    const slot = this.slotOf(id, hash);
    const found = this.slots[slot] as number;
    if (found !== 0) return this.values[found - 1] as number;
    if (this.added === this.values.length) throw new RangeError(`IdTable holds at most ${this.added} ids`);
    const entry = this.added++;
    this.keys[entry] = id;
    this.hashes[entry] = hash;
    this.values[entry] = value;
    this.slots[slot] = entry + 1;
    return -1;
  }

  /** The value of `id`, or -1. */
  get(id: string): number {
    const found = this.slots[this.slotOf(id, hashOf(id))] as number;
    return found === 0 ? -1 : (this.values[found - 1] as number);
  }

  /** The slot that holds `id`, or the empty one where it would go. */
  private slotOf(id: string, hash: number): number {
    let slot = hash & this.mask;
    for (let entry = this.slots[slot] as number; entry !== 0; entry = this.slots[slot] as number) {
      if (this.hashes[entry - 1] === hash && this.keys[entry - 1] === id) return slot;
      slot = (slot + 1) & this.mask;
    }
    return slot;
  }
}

/** The id's FNV-1a hash as a signed integer, as the Int32Array of hashes holds it. */
function hashOf(id: string): number {
  return fnv1a(id) | 0;
}
