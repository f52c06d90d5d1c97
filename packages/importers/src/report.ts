import type { ImportReport, SourceLocation } from './types.js';

/** Collects the report while an importer runs; each item once, in the order found. */
export class Reporter {
  readonly report: ImportReport = { guesses: [], unmapped: [] };
  private readonly seen = new Set<string>();

  guess(message: string, source: SourceLocation): void {
    this.add('guesses', message, source);
  }

  unmapped(message: string, source: SourceLocation): void {
    this.add('unmapped', message, source);
  }

  private add(list: keyof ImportReport, message: string, source: SourceLocation): void {
    const key = `${list}\0${message}\0${source.path}\0${source.line ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.report[list].push({ message, source });
  }
}
