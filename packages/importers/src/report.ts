import { IMPORT_LIMITS } from './limits.js';
import type { ImportReport, ReportItem, SourceLocation } from './types.js';

type ReportList = 'guesses' | 'unmapped';

/**
 * Collects the report while an importer runs; each item once, in the order found, at most
 * `IMPORT_LIMITS.reportItems` per list: the rest are counted and told in one last item.
 */
export class Reporter {
  private readonly lists: Record<ReportList, ReportItem[]> = { guesses: [], unmapped: [] };
  private readonly omitted = { guesses: 0, unmapped: 0 };
  private readonly seen = new Set<string>();

  guess(message: string, source: SourceLocation): void {
    this.add('guesses', message, source);
  }

  unmapped(message: string, source: SourceLocation): void {
    this.add('unmapped', message, source);
  }

  /** The report so far, with an "N more" item closing each list that was cut. */
  get report(): ImportReport {
    return { guesses: this.finished('guesses'), unmapped: this.finished('unmapped') };
  }

  private finished(list: ReportList) {
    const items = [...this.lists[list]];
    const omitted = this.omitted[list];
    if (omitted > 0) {
      const first = this.lists[list][0];
      items.push({
        message: `… and ${omitted.toLocaleString('en-US')} more (a report lists at most ${IMPORT_LIMITS.reportItems.toLocaleString('en-US')})`,
        source: { path: first?.source.path ?? '(input)' },
      });
    }
    return items;
  }

  private add(list: ReportList, message: string, source: SourceLocation): void {
    const key = `${list}\0${message}\0${source.path}\0${source.line ?? ''}`;
    if (this.seen.has(key)) return;
    if (this.lists[list].length >= IMPORT_LIMITS.reportItems) {
      this.omitted[list]++;
      return;
    }
    this.seen.add(key);
    this.lists[list].push({ message, source });
  }
}
