import { ImportError } from '../errors.js';
import { pointer } from '../input.js';
import { ImportLimitError } from '../limits.js';

/** What to do with a value met at a path: walk into it, parse it whole, or pass over it. */
export type Selection = 'descend' | 'capture' | 'skip';

/** What a value is, from its first character. */
export type ValueType = 'object' | 'array' | 'scalar';

/** Thrown by a handler when the document has the wrong shape: becomes an ImportError at the value's place. */
export class ShapeError extends Error {}

export interface JsonStreamHandlers {
  /** Decides for the value at `path` (`type` from its first character); `path` is reused after. */
  select(path: readonly (string | number)[], type: ValueType): Selection;
  /** A captured value, parsed; `line` is where it starts (1-based). */
  value(path: readonly (string | number)[], value: unknown, line: number): void;
  /** A value that was walked into has closed. */
  closed?(path: readonly (string | number)[]): void;
}

export const JSON_STREAM_LIMITS = {
  /** Characters of one captured value (a span, a resource, Jaeger's processes of one trace). */
  valueChars: 8 * 1024 * 1024,
  /** Characters of a key or scalar in the part that is walked (keys are short in every format read). */
  tokenChars: 64 * 1024,
  /** Nesting of any value, walked, captured or passed over. */
  depth: 64,
} as const;

interface Frame {
  array: boolean;
  /** The key being read (objects) or the index of the next item (arrays). */
  key: string | number;
  state: 'first' | 'key' | 'colon' | 'value' | 'next';
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const COMMA = 44;
const DANGLING_ESCAPE = -2;

/**
 * A streaming JSON reader that walks only the outer structure the caller selects and hands each
 * selected value (a span, say) to `JSON.parse` on its own: memory holds one value at a time, never
 * the document. Values passed over are scanned for their end without being kept. Input arrives in
 * chunks of any size (`write`), split anywhere, even inside a string; several top-level values
 * (one JSON document per line) are read one after another. Errors name the JSON pointer and line.
 *
 * Scanning uses `indexOf` to jump over string contents, which is where most of the bytes are: the
 * scan costs a fraction of what `JSON.parse` of the same text costs.
 */
export class JsonStream {
  private buffer = '';
  /** Where scanning stands in `buffer`. */
  private position = 0;
  /** Lines before `buffer` starts (newlines in text already dropped), plus one. */
  private lineBase = 1;
  private readonly frames: Frame[] = [];
  /** A value being scanned for its end: captured (kept from `start`) or passed over. */
  private scan:
    | {
        capture: boolean;
        start: number;
        depth: number;
        inString: boolean;
        entered: boolean;
        closers: number[];
      }
    | undefined;
  /** The next index in `buffer` that holds a backslash, or -1: found once per stretch, not per string. */
  private nextBackslash = -2;
  private roots = 0;
  /** Newlines in `buffer` before `offset`, so that lines are counted once. */
  private counted = { offset: 0, lines: 0, next: -2 };
  /** The path handed to `select`, reused: selection must not keep it. */
  private readonly selectPath: (string | number)[] = [];
  private finished = false;

  constructor(
    private readonly path: string,
    private readonly handlers: JsonStreamHandlers,
  ) {}

  /** Reads a chunk of text. */
  write(chunk: string): void {
    if (this.finished) throw new Error('write after end');
    this.buffer = this.position === 0 && this.scan === undefined ? this.buffer + chunk : this.rest() + chunk;
    this.nextBackslash = -2;
    this.run();
  }

  /** The input has ended: a value still open is an error (a truncated file). */
  end(): void {
    this.finished = true;
    this.run();
    const trailing = this.buffer.slice(this.position).trim();
    if (this.scan !== undefined || this.frames.length > 0 || trailing !== '') {
      throw this.error('the file ends in the middle of a value (truncated?)');
    }
    if (this.roots === 0) throw this.error('the file holds no JSON value');
  }

  /** Drops what was read, keeping an open token or captured value; counts the dropped lines. */
  private rest(): string {
    const keepFrom = this.scan?.capture === true ? this.scan.start : this.position;
    this.lineBase += this.line(keepFrom) - this.lineBase;
    this.counted = { offset: 0, lines: 0, next: -2 };
    if (this.scan?.capture === true) this.scan.start = 0;
    const rest = this.buffer.slice(keepFrom);
    this.position -= keepFrom;
    return rest;
  }

  private run(): void {
    const text = this.buffer;
    for (;;) {
      if (this.scan !== undefined) {
        if (!this.scanValue()) return;
        continue;
      }
      this.position = skipWhitespace(text, this.position);
      if (this.position >= text.length) return;
      const code = text.charCodeAt(this.position);
      const frame = this.frames[this.frames.length - 1];
      if (frame === undefined) {
        if (this.roots > 0 && code !== OPEN_BRACE && code !== OPEN_BRACKET) {
          throw this.error(`unexpected "${text[this.position]}" after the end of the JSON value`);
        }
        if (!this.startValue(code)) return;
        this.roots++;
        continue;
      }
      if (frame.state === 'value') {
        if (!this.startValue(code)) return;
        continue;
      }
      if (frame.array) {
        if (code === CLOSE_BRACKET) {
          if (frame.state === 'key') throw this.error('a comma before "]"');
          this.position++;
          this.close();
        } else if (frame.state === 'first') {
          frame.state = 'value';
        } else if (frame.state === 'next' && code === COMMA) {
          this.position++;
          frame.key = (frame.key as number) + 1;
          frame.state = 'key'; // an item must follow: "key" stands for "after a comma"
        } else if (frame.state === 'key') {
          frame.state = 'value';
        } else {
          throw this.error(`expected "," or "]" but found "${text[this.position]}"`);
        }
        continue;
      }
      // An object.
      if (frame.state === 'first' || frame.state === 'key') {
        if (code === CLOSE_BRACE && frame.state === 'first') {
          this.position++;
          this.close();
          continue;
        }
        if (code !== QUOTE) throw this.error(`expected a key in quotes but found "${text[this.position]}"`);
        const end = stringEnd(text, this.position + 1);
        if (end === -1) {
          if (text.length - this.position > JSON_STREAM_LIMITS.tokenChars)
            throw this.limit(`a key longer than ${JSON_STREAM_LIMITS.tokenChars} characters`);
          if (this.finished) throw this.error('the file ends inside a key (truncated?)');
          return;
        }
        frame.key = this.parse(text.slice(this.position, end + 1)) as string;
        this.position = end + 1;
        frame.state = 'colon';
      } else if (frame.state === 'colon') {
        if (code !== COLON) throw this.error(`expected ":" but found "${text[this.position]}"`);
        this.position++;
        frame.state = 'value';
      } else if (code === COMMA) {
        this.position++;
        frame.state = 'key';
      } else if (code === CLOSE_BRACE) {
        this.position++;
        this.close();
      } else {
        throw this.error(`expected "," or "}" but found "${text[this.position]}"`);
      }
    }
  }

  /** Starts the value at `position`: walks into it, or scans it. False when more input is needed. */
  private startValue(code: number): boolean {
    const container = code === OPEN_BRACE || code === OPEN_BRACKET;
    const path = this.selectPath;
    path.length = 0;
    for (const frame of this.frames) path.push(frame.key);
    const selection = this.handle(() =>
      this.handlers.select(path, code === OPEN_BRACE ? 'object' : code === OPEN_BRACKET ? 'array' : 'scalar'),
    );
    if (container && selection === 'descend') {
      if (this.frames.length >= JSON_STREAM_LIMITS.depth)
        throw this.limit(`nested more than ${JSON_STREAM_LIMITS.depth} levels deep`);
      this.enter(code === OPEN_BRACKET);
      this.position++;
      return true;
    }
    if (container) {
      this.scan = {
        capture: selection === 'capture',
        start: this.position,
        depth: 0,
        inString: false,
        entered: false,
        closers: [],
      };
      return true;
    }
    // A scalar: a string, number, true, false or null.
    const text = this.buffer;
    let end: number;
    if (code === QUOTE) {
      const close = stringEnd(text, this.position + 1);
      end = close === -1 ? -1 : close + 1;
    } else {
      end = scalarEnd(text, this.position);
      if (end === text.length && !this.finished) end = -1;
    }
    if (end === -1) {
      if (text.length - this.position > JSON_STREAM_LIMITS.tokenChars && selection !== 'skip') {
        throw this.limit(`a value longer than ${JSON_STREAM_LIMITS.tokenChars} characters`);
      }
      if (this.finished) throw this.error('the file ends inside a value (truncated?)');
      if (selection === 'skip' && code === QUOTE) {
        // A long string passed over: scan it like a container so it need not be kept.
        this.scan = {
          capture: false,
          start: this.position,
          depth: 0,
          inString: false,
          entered: false,
          closers: [],
        };
        return true;
      }
      return false;
    }
    const token = text.slice(this.position, end);
    const value = this.parse(token);
    if (selection === 'capture') {
      this.handle(() => this.handlers.value(this.currentPath(), value, this.line(this.position)));
    }
    this.position = end;
    this.valueDone();
    return true;
  }

  /**
   * Scans the value in `scan` for its end, from `position`. True when it ended (and was handed
   * over if captured), false when the buffer ran out first.
   */
  private scanValue(): boolean {
    const scan = this.scan as NonNullable<JsonStream['scan']>;
    const text = this.buffer;
    let index = this.position;
    const length = text.length;
    while (index < length) {
      if (scan.inString) {
        const close = this.findQuote(text, index);
        if (close < 0) {
          // A backslash as the last character escapes the first of the next chunk: keep it.
          index = close === DANGLING_ESCAPE ? length - 1 : length;
          break;
        }
        index = close + 1;
        scan.inString = false;
        if (scan.depth === 0) break;
        continue;
      }
      const code = text.charCodeAt(index);
      scan.entered = true;
      if (code === QUOTE) {
        scan.inString = true;
        index++;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (scan.closers.length + this.frames.length >= JSON_STREAM_LIMITS.depth) {
          this.position = index;
          throw this.limit(`nested more than ${JSON_STREAM_LIMITS.depth} levels deep`);
        }
        scan.closers.push(code === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET);
        scan.depth++;
        index++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (scan.closers.pop() !== code) {
          this.position = index;
          throw this.error(`unexpected "${text[index]}"`);
        }
        scan.depth--;
        index++;
        if (scan.depth === 0) break;
      } else {
        index++;
      }
    }
    this.position = index;
    // `entered`: the value's first character (its quote or bracket) has been read.
    const done = scan.depth === 0 && !scan.inString && scan.entered;
    if (scan.capture && index - scan.start > JSON_STREAM_LIMITS.valueChars) {
      this.position = scan.start;
      throw this.limit(
        `a value of more than ${JSON_STREAM_LIMITS.valueChars / 1024 / 1024} MB (one span or resource); larger ones are refused`,
      );
    }
    if (!done) return false;
    this.scan = undefined;
    if (scan.capture) {
      const value = this.parse(text.slice(scan.start, index), scan.start);
      this.position = scan.start;
      this.handle(() => this.handlers.value(this.currentPath(), value, this.line(scan.start)));
      this.position = index;
    }
    this.valueDone();
    return true;
  }

  /**
   * The next unescaped quote at or after `from`; -1 when there is none, `DANGLING_ESCAPE` when the
   * text ends in a backslash that escapes what comes next.
   */
  private findQuote(text: string, from: number): number {
    let index = from;
    for (;;) {
      if (this.nextBackslash !== -1 && this.nextBackslash < index)
        this.nextBackslash = text.indexOf('\\', index);
      const quote = text.indexOf('"', index);
      if (this.nextBackslash === -1 || (quote !== -1 && this.nextBackslash > quote)) return quote;
      // An escape before the quote (or before the end): step over it and what it escapes.
      if (this.nextBackslash === text.length - 1) return DANGLING_ESCAPE;
      index = this.nextBackslash + 2;
    }
  }

  /** Runs a handler; a `ShapeError` it throws becomes an ImportError at the current place. */
  private handle<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof ShapeError) throw this.error(error.message);
      throw error;
    }
  }

  private enter(array: boolean): void {
    this.frames.push({ array, key: array ? 0 : '', state: 'first' });
  }

  private close(): void {
    this.frames.pop();
    const path = this.currentPath();
    this.handle(() => this.handlers.closed?.(path));
    this.valueDone();
  }

  /** After a value: its container expects a comma or its end. */
  private valueDone(): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame !== undefined) frame.state = 'next';
  }

  private currentPath(): (string | number)[] {
    return this.frames.map((frame) => frame.key);
  }

  private parse(text: string, start = this.position): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message =
        error instanceof Error ? error.message.replace(/ in JSON at position.*$/s, '') : String(error);
      this.position = start;
      throw this.error(`not valid JSON: ${message.split('\n')[0]}`);
    }
  }

  /** The line at `offset` in the buffer: newlines are counted on from the last offset asked for. */
  private line(offset: number): number {
    const counted = this.counted;
    if (offset < counted.offset) this.counted = { offset: 0, lines: 0, next: -2 };
    // `next`: the first newline at or after `counted.offset` (-1: none in the buffer; -2: not looked for).
    if (this.counted.next === -2) this.counted.next = this.buffer.indexOf('\n', this.counted.offset);
    while (this.counted.next !== -1 && this.counted.next < offset) {
      this.counted.lines++;
      this.counted.next = this.buffer.indexOf('\n', this.counted.next + 1);
    }
    this.counted.offset = offset;
    return this.lineBase + this.counted.lines;
  }

  private error(reason: string): ImportError {
    return new ImportError(reason, this.location());
  }

  private limit(reason: string): ImportError {
    return new ImportLimitError(reason, this.location());
  }

  private location() {
    const at = Math.min(this.position, this.buffer.length);
    const line = this.line(at);
    const keys = this.frames.map((frame) => frame.key);
    return { path: this.path, line, pointer: pointer(keys) };
  }
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
    index++;
  }
  return index;
}

/** The index of the quote that closes a string whose contents start at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  let index = from;
  for (;;) {
    const quote = text.indexOf('"', index);
    if (quote === -1) return -1;
    if (!endsEscaped(text, quote)) return quote;
    index = quote + 1;
  }
}

/** Whether the character at `index` is escaped by an odd run of backslashes before it. */
function endsEscaped(text: string, index: number): boolean {
  let run = 0;
  for (let at = index - 1; at >= 0 && text.charCodeAt(at) === BACKSLASH; at--) run++;
  return run % 2 === 1;
}

/** Where a number or literal starting at `from` ends: the first delimiter, or the text's end. */
function scalarEnd(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || code <= 32) break;
    if (index - from > 400) break;
    index++;
  }
  return index;
}
