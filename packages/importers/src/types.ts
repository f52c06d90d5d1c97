import type { Model } from '@meshplan/model';

/** One input file: its path (for messages) and its text. A folder is passed as all its files. */
export interface ImportFile {
  path: string;
  text: string;
}

export interface ImportInput {
  files: readonly ImportFile[];
}

/** The formats an import reads, in the order `detectFormat` prefers them. */
export const IMPORT_FORMATS = ['compose', 'k8s', 'openapi', 'asyncapi', 'meshplan', 'traces'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  /** The format of the files; guessed from their content (`detectFormat`) when not given. */
  from?: ImportFormat;
  /**
   * The files were named one by one, like `docker compose -f a.yml -f b.yml`: every compose file
   * is merged in the order given. Without it, a folder's default file and its override are read
   * and the folder's other compose files left out, as `docker compose` without `-f` does.
   */
  filesAsGiven?: boolean;
}

/** Where something was read: the file, and where known the line and column (1-based) and JSON pointer. */
export interface SourceLocation {
  path: string;
  line?: number;
  column?: number;
  pointer?: string;
}

export interface ReportItem {
  message: string;
  source: SourceLocation;
}

/** What an import guessed, and what it read but could not put in the model. */
export interface ImportReport {
  guesses: ReportItem[];
  unmapped: ReportItem[];
  /** Trace imports: the format, how many traces and spans were read, and how many spans were dropped. */
  traces?: TraceSummary;
  /** What the import does not know: set by `importModel` on every report. */
  coverage?: ImportCoverage;
}

export interface TraceSummary {
  format: 'otlp' | 'jaeger' | 'zipkin';
  traces: number;
  spans: number;
  dropped: number;
}

/** The sources that would add what an import could not find. */
export const COVERAGE_SOURCES = ['traces', 'manifests', 'api-documents'] as const;

/** How much of the system an import knows, and what would tell the rest. */
export interface ImportCoverage {
  /** Service nodes of the model. */
  services: number;
  /** Services that no known sync or route edge calls, and no topic delivers to. */
  withoutCallers: number;
  /** Services with no known sync call, publish or data access of their own. */
  withoutCallees: number;
  /** Services with no edge at all, and the first of their names (sorted). */
  unconnected: number;
  unconnectedNames: string[];
  /** Edges that a file states (an address, a depends_on, a document) and edges guessed (by name). */
  edges: { total: number; fromEvidence: number; guessed: number };
  /** Which sources would add what is missing. */
  sources: { source: (typeof COVERAGE_SOURCES)[number]; adds: string }[];
}

export interface ImportResult {
  model: Model;
  report: ImportReport;
  /** Ids of edges that were guessed, not read (for the coverage); importers set it, `importModel` drops it. */
  guessedEdges?: ReadonlySet<string>;
}
