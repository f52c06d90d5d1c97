import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../errors.js';
import { JSON_STREAM_LIMITS, JsonStream, type Selection } from './json-stream.js';

/** Captures every item of every array under `items` keys; walks objects and arrays above them. */
function read(chunks: readonly string[], captureAt = 'items') {
  const found: { path: string; value: unknown; line: number }[] = [];
  const closed: string[] = [];
  const stream = new JsonStream('t.json', {
    select(path, type): Selection {
      if (path[path.length - 2] === captureAt) return 'capture';
      return type === 'scalar' ? 'skip' : 'descend';
    },
    value(path, value, line) {
      found.push({ path: path.join('/'), value, line });
    },
    closed(path) {
      closed.push(path.join('/'));
    },
  });
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return { found, closed };
}

function splitEvery(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts;
}

const errorOf = (chunks: readonly string[]) => {
  try {
    read(chunks);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('JsonStream', () => {
  const document = {
    skipped: { deep: [1, 2, { x: 'a "quoted" \\ value with } and ] inside' }], s: 'tail\\' },
    items: [
      { a: 1, s: 'x\\"y', nested: { b: [true, null] } },
      'text',
      12.5e3,
      [1, [2]],
      { '': '\u00e9\ud83d\ude00' },
    ],
    group: { items: [{ z: '\\\\' }] },
  };
  const text = JSON.stringify(document, null, 1);

  it('hands over each selected value, parsed, with its line, however the text is split', () => {
    const expected = read([text]).found;
    expect(expected.map((item) => item.value)).toEqual([...document.items, ...document.group.items]);
    expect(expected[0]?.line).toBe(text.slice(0, text.indexOf('"a": 1')).split('\n').length - 1);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(read(splitEvery(text, size)).found).toEqual(expected);
  });

  it('agrees with JSON.parse on any JSON value under any split (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue({ maxDepth: 5 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        (items, size) => {
          const source = JSON.stringify({ before: items, items, after: 'x' });
          const values = read(splitEvery(source, size)).found.map((item) => item.value);
          expect(JSON.stringify(values)).toBe(JSON.stringify(JSON.parse(source).items));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads one JSON document after another (one per line)', () => {
    const lines = `${JSON.stringify({ items: [1] })}\n${JSON.stringify({ items: [2, 3] })}\n`;
    const { found } = read(splitEvery(lines, 4));
    expect(found.map((item) => [item.value, item.line])).toEqual([
      [1, 1],
      [2, 2],
      [3, 2],
    ]);
  });

  it('says when walked containers close', () => {
    expect(read(['{"group":{"items":[]}}']).closed).toEqual(['group/items', 'group', '']);
  });

  it.each([
    ['truncated inside a captured value', '{"items":[{"a":1', /^t\.json:1: .*ends in the middle/],
    ['truncated inside a string', '{"items":["abc', /ends/],
    ['truncated after a key', '{"items"', /ends/],
    ['a missing colon', '{"items" [1]}', /expected ":"/],
    ['a trailing comma', '{"items":[1,]}', /comma before/],
    ['a bracket that does not match', '{"items":[{"a":[1}]}', /unexpected "}"/],
    ['bad JSON inside a captured value', '{"items":[{"a":tru}]}', /not valid JSON/],
    ['an unquoted key', '{items:[]}', /expected a key/],
    ['garbage after the value', '{"items":[]} x', /after the end/],
    ['nothing at all', '   ', /no JSON value/],
  ])('refuses %s with an ImportError naming the place', (_what, input, message) => {
    const error = errorOf([input]);
    expect(error).toBeInstanceOf(ImportError);
    expect(String((error as Error).message)).toMatch(message);
    expect((error as ImportError).source.path).toBe('t.json');
  });

  it('names the JSON pointer and line of a bad value', () => {
    const error = errorOf(['{\n"items": [\n1,\n{"a": nope}]}']) as ImportError;
    expect(error.source).toMatchObject({ line: 4, pointer: '/items/1' });
  });

  it('refuses deep nesting, captured or passed over, without overflowing the stack', () => {
    const deep = '['.repeat(100_000);
    expect(errorOf([`{"items":[${deep}`])).toBeInstanceOf(ImportError);
    expect(String(errorOf([`{"skipped":${deep}`]))).toMatch(/nested more than 64/);
  });

  it('refuses a captured value larger than its limit, and passes over a huge skipped string in bounded memory', () => {
    const huge = 'x'.repeat(JSON_STREAM_LIMITS.valueChars + 10);
    expect(String(errorOf(splitEvery(`{"items":["${huge}"]}`, 1 << 20)))).toMatch(
      /more than 8 MB|longer than/,
    );
    const { found } = read([...splitEvery(`{"skipped":"${huge}", "items":[1]}`, 1 << 20)]);
    expect(found.map((item) => item.value)).toEqual([1]);
  });
});
