import { isRecord } from './input.js';
import { ImportLimitError } from './limits.js';
import type { Reporter } from './report.js';
import type { SourceLocation } from './types.js';

// Inlining copies each referenced schema into every place that uses it: a document whose refs
// fan out (each schema using the next one twice) grows exponentially, so the copy has a budget.
const MAX_INLINED_VALUES = 50_000;

/**
 * Resolves local `$ref`s (`#/components/schemas/Pet`) of a value in the document `root` by copying
 * what they point at, so that the model's schemas stand alone. Nothing is fetched: a remote ref is
 * reported and left as a description. A ref back into itself (a tree of nodes) stops there.
 */
export class RefInliner {
  private budget = MAX_INLINED_VALUES;

  constructor(
    private readonly root: unknown,
    private readonly reporter: Reporter,
  ) {}

  inline(value: unknown, source: SourceLocation, stack: readonly string[] = []): unknown {
    if (--this.budget < 0) {
      throw new ImportLimitError(
        `schemas expand past ${MAX_INLINED_VALUES} values when their $refs are inlined; refused`,
        source,
      );
    }
    if (Array.isArray(value)) return value.map((item) => this.inline(item, source, stack));
    if (!isRecord(value)) return value;
    const ref = value.$ref;
    if (typeof ref === 'string') {
      const { $ref: _, ...siblings } = value;
      const resolved = this.follow(ref, source, stack);
      const rest = this.inline(siblings, source, stack) as Record<string, unknown>;
      return isRecord(resolved) ? { ...resolved, ...rest } : resolved;
    }
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty: a `__proto__` property name is data here, not the copy's prototype.
      Object.defineProperty(copy, key, {
        value: this.inline(item, source, stack),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }

  /** The value a local ref points at, unresolved (for reading structure, not for output). */
  lookup(ref: string): unknown {
    if (!ref.startsWith('#')) return undefined;
    let current: unknown = this.root;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (Array.isArray(current)) current = current[Number(key)];
      else if (isRecord(current) && Object.hasOwn(current, key)) current = current[key];
      else return undefined;
    }
    return current;
  }

  /** Follows refs to refs until a value that is not one. */
  deref(value: unknown, depth = 0): unknown {
    if (depth > 32 || !isRecord(value) || typeof value.$ref !== 'string') return value;
    return this.deref(this.lookup(value.$ref), depth + 1);
  }

  private follow(ref: string, source: SourceLocation, stack: readonly string[]): unknown {
    if (!ref.startsWith('#')) {
      this.reporter.unmapped(`$ref ${ref} points outside the document; not fetched`, source);
      return { description: `unresolved reference ${ref}` };
    }
    if (stack.includes(ref)) return { description: `recursive reference to ${ref}` };
    const target = this.lookup(ref);
    if (target === undefined) {
      this.reporter.unmapped(`$ref ${ref} points at nothing in the document`, source);
      return { description: `unresolved reference ${ref}` };
    }
    return this.inline(target, source, [...stack, ref]);
  }
}
