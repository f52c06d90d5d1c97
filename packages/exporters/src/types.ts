/** The export targets, in the order the editor lists them. */
export const TARGET_IDS = [
  'openapi',
  'asyncapi',
  'kubernetes',
  'istio',
  'compose',
  'diagrams',
  'docs',
  'lint',
] as const;

export type TargetId = (typeof TARGET_IDS)[number];

/**
 * A comma-separated list of targets (`openapi, compose`), as the CLI's `--targets` and the
 * server's `?targets=` take it: the ids, or the words that are not targets (empty when the list
 * is).
 */
export function parseTargetList(
  text: string,
): { ok: true; targets: TargetId[] } | { ok: false; unknown: string[] } {
  const ids = text
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !TARGET_IDS.includes(id as TargetId));
  return ids.length === 0 || unknown.length > 0
    ? { ok: false, unknown }
    : { ok: true, targets: ids as TargetId[] };
}

/** One exported file: a safe relative path inside the export's root, and its bytes or text. */
export interface ExportFile {
  path: string;
  content: string | Uint8Array;
  target: TargetId;
}

/**
 * One file before serialisation: the objects a YAML or JSON file is written from, or the text of
 * a file that is text by nature (Markdown, Mermaid, PlantUML, Structurizr DSL).
 */
export type ExportDocument = { path: string; target: TargetId } & (
  | { format: 'yaml'; documents: readonly unknown[] }
  | { format: 'json'; value: unknown }
  | { format: 'text'; text: string }
);

export interface ExportOptions {
  /** Which targets to export; all of them when left out. */
  targets?: readonly TargetId[];
  /**
   * Turns a diagram's SVG into PNG bytes (`pngsWithin()` of `@meshplan/exporters/png`, in Node),
   * or into nothing for a picture that gets no PNG. Without it the `diagrams` target writes its
   * pictures as SVG only: the editor's preview.
   */
  rasterize?: (svg: string) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
}

/** The export refuses a model: what is wrong, and the ids of the elements at fault. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    message: string,
    readonly elements: readonly string[] = [],
  ) {
    super(message);
  }
}
