import { parseModel } from '@meshplan/model';
import { coverageOf } from '../coverage.js';
import { ImportError } from '../errors.js';
import { pointer } from '../input.js';
import { IMPORT_LIMITS, ImportLimitError } from '../limits.js';
import { modelName } from '../names.js';
import { Reporter } from '../report.js';
import type { ImportResult, TraceSummary } from '../types.js';
import { TraceAggregator } from './aggregate.js';
import { JsonStream, type Selection, ShapeError, type ValueType } from './json-stream.js';
import {
  DroppedSpan,
  jaegerSpan,
  otlpAttributes,
  otlpSpan,
  type SpanRecord,
  type TraceFormat,
  type Where,
  zipkinSpan,
} from './spans.js';

export { TRACE_LIMITS } from './aggregate.js';
export type { TraceFormat } from './spans.js';

/** Spans held back while their group's resource or processes are not yet read (Jaeger lists processes last). */
const MAX_WAITING_IN_GROUP = 200_000;

/** A trace import's result: the report also says how many traces and spans were read. */
export interface TraceImportResult extends ImportResult {
  report: ImportResult['report'] & { traces: TraceSummary };
}

type Path = readonly (string | number)[];

/** The spans of one OTLP resource or one Jaeger trace, and the service names that apply to them. */
interface Group {
  /** OTLP: the resource has been read (`service` is its `service.name`, if it has one). */
  resourceRead?: boolean;
  service?: string;
  processes?: Map<string, string>;
  waiting: SpanRecord[];
}

/**
 * Reads OTLP JSON, Jaeger JSON or Zipkin v2 JSON, told apart by their content, as it streams in:
 * each span is parsed alone and added to the aggregate, then let go.
 */
class TraceReader {
  format: TraceFormat | undefined;
  private group: Group | undefined;
  aggregator: TraceAggregator | undefined;
  readonly stream: JsonStream;

  constructor(
    private readonly path: string,
    private readonly maxSpans?: number,
  ) {
    this.stream = new JsonStream(path, {
      select: (path, type) => this.select(path, type),
      value: (path, value, line) => this.value(path, value, line),
      closed: (path) => this.closed(path),
    });
  }

  private setFormat(format: TraceFormat): boolean {
    if (this.format === undefined) {
      this.format = format;
      this.aggregator = new TraceAggregator(this.path, format === 'zipkin', this.maxSpans);
    }
    return this.format === format;
  }

  /** The path inside Jaeger's v3 API envelope `{"result": {...}}`. */
  private unwrap(path: Path): Path {
    return path[0] === 'result' && this.format !== 'jaeger' ? path.slice(1) : path;
  }

  private select(fullPath: Path, type: ValueType): Selection {
    if (fullPath.length === 0) {
      if (type === 'array') return this.setFormat('zipkin') ? 'descend' : fail('expected an object here');
      if (type === 'object') {
        // A single Jaeger trace (no `data` envelope) is its own group.
        this.group = { waiting: [] };
        return 'descend';
      }
      return fail('not a trace file: expected a JSON object or array');
    }
    if (this.format === 'zipkin') return this.selectZipkin(fullPath, type);
    if (fullPath.length === 1 && fullPath[0] === 'result' && this.format === undefined) {
      return type === 'object' ? 'descend' : 'skip';
    }
    const path = this.unwrap(fullPath);
    const [top, index, field, scopeIndex, spans, spanIndex] = path;
    if (top === 'resourceSpans') {
      if (!this.setFormat('otlp')) return 'skip';
      if (path.length === 1) return expect(type, 'array', 'resourceSpans');
      if (path.length === 2) {
        this.group = { waiting: [] };
        return expect(type, 'object', 'a resourceSpans item');
      }
      if (path.length === 3) {
        if (field === 'resource') return expect(type, 'object', 'resource', 'capture');
        if (field === 'scopeSpans' || field === 'instrumentationLibrarySpans')
          return expect(type, 'array', String(field));
        return 'skip';
      }
      if (path.length === 4)
        return typeof scopeIndex === 'number' ? expect(type, 'object', 'a scopeSpans item') : 'skip';
      if (path.length === 5) return spans === 'spans' ? expect(type, 'array', 'spans') : 'skip';
      if (path.length === 6 && typeof spanIndex === 'number') return 'capture';
      return 'skip';
    }
    if (top === 'data' && this.format !== 'otlp') {
      if (path.length === 1) {
        if (type !== 'array') return 'skip';
        this.setFormat('jaeger');
        return 'descend';
      }
      if (path.length === 2) {
        this.group = { waiting: [] };
        return expect(type, 'object', 'a trace in data');
      }
      return this.selectJaegerTrace(path.slice(2), type);
    }
    if (path.length >= 1 && (top === 'spans' || top === 'processes') && this.format !== 'otlp') {
      if (top === 'spans' && path.length === 1 && type === 'array') this.setFormat('jaeger');
      if (this.format === 'jaeger') return this.selectJaegerTrace(path, type);
    }
    void index;
    return 'skip';
  }

  private selectJaegerTrace(path: Path, type: ValueType): Selection {
    if (path[0] === 'spans') {
      if (path.length === 1) return expect(type, 'array', 'spans');
      return path.length === 2 ? 'capture' : 'skip';
    }
    if (path[0] === 'processes' && path.length === 1) return expect(type, 'object', 'processes', 'capture');
    return 'skip';
  }

  private selectZipkin(path: Path, type: ValueType): Selection {
    // An array of spans, or of traces that are arrays of spans (Zipkin's /api/v2/traces).
    if (path.length === 1) return type === 'array' ? 'descend' : 'capture';
    return path.length === 2 ? 'capture' : 'skip';
  }

  private value(fullPath: Path, value: unknown, line: number): void {
    const where: Where = { line, path: fullPath };
    const aggregator = this.aggregator as TraceAggregator;
    if (this.format === 'zipkin') {
      const record = this.read(() => zipkinSpan(value, where), where);
      if (record !== undefined) aggregator.add(record);
      return;
    }
    const path = this.unwrap(fullPath);
    const group = this.group;
    if (group === undefined) return;
    if (this.format === 'otlp') {
      if (path[2] === 'resource') {
        const service = otlpAttributes((value as { attributes?: unknown }).attributes).get('service.name');
        group.resourceRead = true;
        group.service = service === '' ? undefined : service;
        this.flush(group);
        return;
      }
      const record = this.read(() => otlpSpan(value, group.service, where), where);
      if (record === undefined) return;
      if (group.resourceRead) aggregator.add(record);
      else this.wait(group, record);
      return;
    }
    if (path[path.length - 1] === 'processes') {
      group.processes = processNames(value);
      this.flush(group);
      return;
    }
    const record = this.read(() => jaegerSpan(value, where), where);
    if (record === undefined) return;
    if (record.service !== undefined) aggregator.add(record);
    else if (group.processes === undefined) this.wait(group, record);
    else {
      record.service = record.processId === undefined ? undefined : group.processes.get(record.processId);
      aggregator.add(record);
    }
  }

  /** Holds a span, already reduced to its record, until its group's service names are read. */
  private wait(group: Group, record: SpanRecord): void {
    if (group.waiting.length >= MAX_WAITING_IN_GROUP) {
      throw new ImportLimitError(
        `more than ${MAX_WAITING_IN_GROUP.toLocaleString('en-US')} spans before their ${this.format === 'otlp' ? 'resource' : 'processes'}: a group this large is refused`,
        { path: this.path, line: record.line, pointer: pointer(record.path) },
      );
    }
    group.waiting.push(record);
  }

  /** The spans that waited for their group's service names (none where they never came). */
  private flush(group: Group): void {
    const waiting = group.waiting;
    group.waiting = [];
    const aggregator = this.aggregator as TraceAggregator;
    for (const record of waiting) {
      if (this.format === 'otlp') record.service = group.service;
      else if (record.processId !== undefined) record.service = group.processes?.get(record.processId);
      aggregator.add(record);
    }
  }

  private closed(fullPath: Path): void {
    if (this.format === 'zipkin' || this.group === undefined) return;
    const path = this.unwrap(fullPath);
    const endsGroup =
      (this.format === 'otlp' && path.length === 2 && path[0] === 'resourceSpans') ||
      (this.format === 'jaeger' && ((path.length === 2 && path[0] === 'data') || fullPath.length === 0));
    if (!endsGroup) return;
    // Spans whose resource or processes never came: dropped by the aggregator, with the reason.
    this.flush(this.group);
    this.group = undefined;
  }

  /** A span's record, or undefined when it is dropped (counted with its reason). */
  private read(make: () => SpanRecord, where: Where): SpanRecord | undefined {
    try {
      return make();
    } catch (error) {
      if (error instanceof DroppedSpan) {
        (this.aggregator as TraceAggregator).drop(error.reason, where);
        return undefined;
      }
      throw error;
    }
  }
}

function processNames(value: unknown): Map<string, string> {
  const names = new Map<string, string>();
  if (typeof value !== 'object' || value === null) return names;
  for (const [id, process] of Object.entries(value)) {
    const name = (process as { serviceName?: unknown } | null)?.serviceName;
    if (typeof name === 'string' && name !== '') names.set(id, name);
  }
  return names;
}

function fail(message: string): never {
  throw new ShapeError(message);
}

function expect(type: ValueType, wanted: ValueType, what: string, then: Selection = 'descend'): Selection {
  if (type !== wanted)
    fail(
      `${what} must be ${wanted === 'array' ? 'an array' : 'an object'}, not ${type === 'scalar' ? 'a scalar' : `an ${type}`}`,
    );
  return then;
}

/**
 * Reads a trace export (OTLP JSON, one document or one per line, also inside Jaeger's v3
 * `{"result": …}`; Jaeger JSON, `{"data": [...]}` or one trace; Zipkin v2 JSON) from chunks of
 * text or bytes as they arrive, in bounded memory, into a model whose edges carry what was
 * observed on them (drift.md). Bad input throws an `ImportError` naming the place.
 */
export async function importTraces(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: { path: string; maxSpans?: number },
): Promise<TraceImportResult> {
  const reader = new TraceReader(options.path, options.maxSpans);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      if (typeof chunk === 'string') reader.stream.write(chunk);
      else {
        bytes += chunk.byteLength;
        reader.stream.write(decoder.decode(chunk, { stream: true }));
      }
    }
    if (bytes > 0) reader.stream.write(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError && /decode|encoded/i.test(error.message)) {
      throw new ImportError('not UTF-8 text (a binary file?)', { path: options.path });
    }
    throw error;
  }
  reader.stream.end();
  return finishTraces(reader, options.path);
}

/** The same for a whole text at once: what `importModel` uses for `--from traces`. */
export function importTracesText(text: string, options: { path: string }): TraceImportResult {
  const reader = new TraceReader(options.path);
  // Fed in slices so that even one huge text is scanned the way a stream is.
  const slice = 1 << 20;
  for (let at = 0; at < text.length; at += slice) reader.stream.write(text.slice(at, at + slice));
  reader.stream.end();
  return finishTraces(reader, options.path);
}

function finishTraces(reader: TraceReader, path: string): TraceImportResult {
  const aggregator = reader.aggregator;
  if (reader.format === undefined || aggregator === undefined) {
    throw new ImportError(
      'not a trace export: expected OTLP JSON ({"resourceSpans": [...]}), Jaeger JSON ({"data": [...]} or one trace) or Zipkin v2 JSON (an array of spans)',
      { path },
    );
  }
  const reporter = new Reporter();
  const built = aggregator.finish(reporter);
  const model = {
    format: 'meshplan/v1' as const,
    name: modelName([{ path, text: '' }], 'traces'),
    nodes: built.nodes,
    edges: built.edges,
  };
  if (built.spans === 0) {
    throw new ImportError(`no usable span in the file (${built.dropped.toLocaleString('en-US')} dropped)`, {
      path,
    });
  }
  const checked = parseModel(model);
  if (!checked.ok) {
    const first = checked.errors[0];
    throw new ImportError(`the imported model is not valid: ${first?.path}: ${first?.message}`, { path });
  }
  if (JSON.stringify(checked.model).length > IMPORT_LIMITS.modelChars) {
    throw new ImportLimitError(
      `the model would take more than ${IMPORT_LIMITS.modelChars / 1024 / 1024} MB of JSON`,
      { path },
    );
  }
  const traces = { format: reader.format, traces: built.traces, spans: built.spans, dropped: built.dropped };
  // A trace export sees only what ran while it looked: its report ends with that, as every import's.
  const coverage = coverageOf(checked.model, 'traces', new Set());
  return { model: checked.model, report: { ...reporter.report, traces, coverage } };
}

/**
 * Whether a text's start reads like a trace export, from its first 4 KB: cheap, for
 * `detectFormat`. The import itself decides by the structure it walks.
 */
export function looksLikeTraces(text: string): boolean {
  const head = text.slice(0, 4096);
  const has = (...keys: string[]) => keys.every((key) => head.includes(`"${key}"`));
  if (/^\s*\{\s*("result"\s*:\s*\{\s*)?"resourceSpans"\s*:/.test(head)) return true;
  if (/^\s*\{/.test(head)) return has('traceID', 'spanID') && (has('data') || has('spans'));
  if (/^\s*\[/.test(head)) return has('traceId', 'id') && (has('localEndpoint') || has('timestamp'));
  return false;
}
