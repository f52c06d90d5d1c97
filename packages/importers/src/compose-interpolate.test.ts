// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose templates (`${VAR}`) are the data under test
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate, parseDotEnv } from './compose-interpolate.js';

// Cases written from the text of the Compose specification's "Interpolation" section.
const variables = new Map([
  ['SET', 'value'],
  ['EMPTY', ''],
  ['FOO', 'foo'],
  ['TAG', '1.2'],
]);

describe('compose interpolation', () => {
  it.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['image:${TAG}', 'image:1.2'],
    ['${SET:-default}', 'value'],
    ['${EMPTY:-default}', 'default'],
    ['${UNSET:-default}', 'default'],
    ['${SET-default}', 'value'],
    ['${EMPTY-default}', ''],
    ['${UNSET-default}', 'default'],
    ['${SET:+replacement}', 'replacement'],
    ['${EMPTY:+replacement}', ''],
    ['${EMPTY+replacement}', 'replacement'],
    ['${UNSET+replacement}', ''],
    ['${UNSET:-${FOO}}', 'foo'],
    ['${UNSET:-${ALSO_UNSET:-default}}', 'default'],
    ['${UNSET?$FOO}', ''],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['echo $$HOME and ${SET}', 'echo $HOME and value'],
    ['price $5', 'price $5'],
    ['no variables', 'no variables'],
    ['Server=${DB_HOST:-sqldata};Database=orders', 'Server=sqldata;Database=orders'],
  ])('%s → %s', (text, expected) => {
    expect(interpolate(text, variables).value).toBe(expected);
  });

  it('reports what has no value, naming the variable', () => {
    expect(interpolate('${UNSET}', variables).problems).toEqual([
      { variable: 'UNSET', message: expect.stringContaining('variable UNSET is not set') },
    ]);
    expect(interpolate('${EMPTY:?must be set}', variables).problems).toEqual([
      { variable: 'EMPTY', message: 'required variable EMPTY is missing a value: must be set' },
    ]);
    expect(interpolate('${EMPTY?must be set}', variables).problems).toEqual([]);
    expect(interpolate('${UNSET?$FOO}', variables).problems[0]?.message).toBe(
      'required variable UNSET is missing a value: foo',
    );
    // A default is no problem, and neither is a variable that is only escaped.
    expect(interpolate('${UNSET:-x} $$UNSET', variables).problems).toEqual([]);
  });

  it('reports malformed templates and keeps their text', () => {
    for (const text of ['${', '${SET', '${}', '${SET:x}', '${1A}']) {
      const result = interpolate(text, variables);
      expect(result.problems[0]?.message).toMatch(/invalid interpolation format/);
      expect(result.value).toBe(text);
    }
  });

  it('bounds nesting', () => {
    const deep = `${'${A:-'.repeat(40)}x${'}'.repeat(40)}`;
    const result = interpolate(deep, new Map());
    expect(result.problems.some((problem) => /nested more than/.test(problem.message))).toBe(true);
  });

  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
  const plain = fc.string().filter((text) => !/[$}]/.test(text));

  it('property: $$ escapes any text back to itself', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(
          interpolate(
            text.replaceAll('$', () => '$$'),
            variables,
          ),
        ).toEqual({ value: text, problems: [] });
      }),
    );
  });

  it('property: text without $ is left as it is', () => {
    fc.assert(
      fc.property(
        fc.string().filter((text) => !text.includes('$')),
        (text) => {
          expect(interpolate(text, variables).value).toBe(text);
        },
      ),
    );
  });

  it('property: set, empty and unset variables with each operator', () => {
    fc.assert(
      fc.property(name, fc.string(), plain, (variable, value, word) => {
        const set = new Map([[variable, value]]);
        const unset = new Map<string, string>();
        const nonEmpty = value !== '';
        expect(interpolate(`\${${variable}}`, set).value).toBe(value);
        expect(interpolate(`$${variable}`, set).value).toBe(value);
        expect(interpolate(`\${${variable}-${word}}`, set).value).toBe(value);
        expect(interpolate(`\${${variable}:-${word}}`, set).value).toBe(nonEmpty ? value : word);
        expect(interpolate(`\${${variable}+${word}}`, set).value).toBe(word);
        expect(interpolate(`\${${variable}:+${word}}`, set).value).toBe(nonEmpty ? word : '');
        expect(interpolate(`\${${variable}:-${word}}`, unset).value).toBe(word);
        expect(interpolate(`\${${variable}-${word}}`, unset).value).toBe(word);
        expect(interpolate(`\${${variable}+${word}}`, unset).value).toBe('');
        expect(interpolate(`\${${variable}:?${word}}`, unset).problems).toHaveLength(1);
        // A substituted value is not interpolated again, whatever it holds.
        expect(interpolate(`\${${variable}}`, new Map([[variable, '${X}$$']])).value).toBe('${X}$$');
      }),
    );
  });
});

describe('.env files', () => {
  it('reads assignments, comments, quotes and earlier variables', () => {
    const { variables: read, problems } = parseDotEnv(
      [
        '# a comment',
        'DB_HOST=sqldata',
        'export TAG=1.2 # inline comment',
        "LITERAL='${DB_HOST} # kept'",
        'QUOTED="line\\nbreak ${DB_HOST}"',
        'URL=http://${DB_HOST}:1433',
        'EMPTY=',
        'not an assignment',
      ].join('\n'),
    );
    expect(Object.fromEntries(read)).toEqual({
      DB_HOST: 'sqldata',
      TAG: '1.2',
      LITERAL: '${DB_HOST} # kept',
      QUOTED: 'line\nbreak sqldata',
      URL: 'http://sqldata:1433',
      EMPTY: '',
    });
    expect(problems).toEqual([{ line: 8, message: 'not a KEY=value line: "not an assignment"' }]);
  });
});
