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
}

export interface TraceSummary {
  format: 'otlp' | 'jaeger' | 'zipkin';
  traces: number;
  spans: number;
  dropped: number;
}

export interface ImportResult {
  model: Model;
  report: ImportReport;
}
