const MAX_ID = 64;

/**
 * Hands out element ids that the model accepts (`[A-Za-z0-9._-]{1,64}`) and that are unique
 * across nodes and edges, derived from the names people read.
 */
export class IdAllocator {
  private readonly used = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const id of taken) this.used.add(id);
  }

  allocate(name: string, fallback = 'element'): string {
    const base =
      name
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[-.]+|[-.]+$/g, '')
        .slice(0, MAX_ID) || fallback;
    let id = base;
    for (let n = 2; this.used.has(id); n++) {
      const suffix = `-${n}`;
      id = `${base.slice(0, MAX_ID - suffix.length)}${suffix}`;
    }
    this.used.add(id);
    return id;
  }
}
