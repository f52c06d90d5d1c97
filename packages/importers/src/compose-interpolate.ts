import { isRecord } from './input.js';

/**
 * Compose interpolation, as the Compose specification describes it: `$VAR` and `${VAR}`;
 * `${VAR:-default}` (unset or empty) and `${VAR-default}` (unset); `${VAR:?error}` and
 * `${VAR?error}` (required); `${VAR:+replacement}` and `${VAR+replacement}`; defaults may nest
 * (`${A:-${B:-x}}`); `$$` is a literal `$`. Values come from the project's `.env` file only: this
 * library never reads the shell's environment, so what is not there is reported, not guessed.
 */
export type Variables = ReadonlyMap<string, string>;

/** What went wrong with one `${…}`: a variable that has no value, or text that is not a template. */
export interface InterpolationProblem {
  variable?: string;
  message: string;
}

export interface Interpolated {
  value: string;
  problems: InterpolationProblem[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
// Defaults nest; deeper than this is not a compose file someone wrote.
const MAX_NESTING = 16;

/** Interpolates one string value. Never throws: problems are returned for the caller to report. */
export function interpolate(text: string, variables: Variables): Interpolated {
  const problems: InterpolationProblem[] = [];
  const value = expand(text, variables, problems, 0);
  return { value, problems };
}

function expand(text: string, variables: Variables, problems: InterpolationProblem[], depth: number): string {
  if (!text.includes('$')) return text;
  let out = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1) {
      out += text.slice(index);
      break;
    }
    out += text.slice(index, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      index = dollar + 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      if (close === -1) {
        problems.push({
          message: `invalid interpolation format: "${clip(text.slice(dollar))}" has no closing brace`,
        });
        out += text.slice(dollar);
        break;
      }
      out += braced(text.slice(dollar + 2, close), variables, problems, depth);
      index = close + 1;
      continue;
    }
    const name = NAME.exec(text.slice(dollar + 1))?.[0];
    if (name === undefined) {
      // A lone `$` (`price $5`): compose keeps it.
      out += '$';
      index = dollar + 1;
      continue;
    }
    out += lookup(name, variables, problems);
    index = dollar + 1 + name.length;
  }
  return out;
}

/** The index of the `}` that closes a `${` whose body starts at `start`, minding nested `${…}`. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === '$' && text[index + 1] === '$') index++;
    else if (char === '$' && text[index + 1] === '{') {
      depth++;
      index++;
    } else if (char === '}') {
      if (depth === 0) return index;
      depth--;
    }
  }
  return -1;
}

function braced(body: string, variables: Variables, problems: InterpolationProblem[], depth: number): string {
  const name = NAME.exec(body)?.[0];
  if (name === undefined) {
    problems.push({ message: `invalid interpolation format: "\${${clip(body)}}" names no variable` });
    return `\${${body}}`;
  }
  const rest = body.slice(name.length);
  if (rest === '') return lookup(name, variables, problems);
  const operator = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (operator === undefined) {
    problems.push({
      variable: name,
      message: `invalid interpolation format: "\${${clip(body)}}" (after the name: :-, -, :?, ?, :+ or +)`,
    });
    return `\${${body}}`;
  }
  const word = rest.slice(operator.length);
  if (depth >= MAX_NESTING) {
    problems.push({
      variable: name,
      message: `interpolation nested more than ${MAX_NESTING} deep; not expanded`,
    });
    return '';
  }
  const value = variables.get(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  const present = operator.startsWith(':') ? nonEmpty : set;
  const inner = () => expand(word, variables, problems, depth + 1);
  switch (operator) {
    case ':-':
    case '-':
      return present ? (value ?? '') : inner();
    case ':+':
    case '+':
      return present ? inner() : '';
    default: {
      if (present) return value ?? '';
      const reason = inner();
      problems.push({
        variable: name,
        message: `required variable ${name} is missing a value${reason === '' ? '' : `: ${reason}`}`,
      });
      return '';
    }
  }
}

function lookup(name: string, variables: Variables, problems: InterpolationProblem[]): string {
  const value = variables.get(name);
  if (value !== undefined) return value;
  problems.push({
    variable: name,
    message: `variable ${name} is not set (no .env value, no default): read as empty`,
  });
  return '';
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Characters that interpolated values may add up to across a project: a `.env` value of a few
 * megabytes named in thousands of places would otherwise grow without bound. `exceeded` throws.
 */
export interface InterpolationBudget {
  remaining: number;
  exceeded(keys: (string | number)[]): never;
}

/**
 * Interpolates every string value of a parsed compose document (keys are left as written, as
 * compose does), calling `report` with the keys of each value that had a problem.
 */
export function interpolateValue(
  value: unknown,
  variables: Variables,
  report: (keys: (string | number)[], problem: InterpolationProblem) => void,
  budget: InterpolationBudget = UNBOUNDED,
): unknown {
  const visit = (current: unknown, keys: (string | number)[]): unknown => {
    if (typeof current === 'string') {
      const result = interpolate(current, variables);
      for (const problem of result.problems) report(keys, problem);
      budget.remaining -= result.value.length;
      if (budget.remaining < 0) budget.exceeded(keys);
      return result.value;
    }
    if (Array.isArray(current)) return current.map((item, index) => visit(item, [...keys, index]));
    if (isRecord(current)) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(current)) {
        // defineProperty: a `__proto__` key is data, not the copy's prototype.
        Object.defineProperty(copy, key, {
          value: visit(item, [...keys, key]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    return current;
  };
  return visit(value, []);
}

const UNBOUNDED: InterpolationBudget = {
  remaining: Number.POSITIVE_INFINITY,
  exceeded() {
    throw new RangeError('unreachable: an unbounded budget is never exceeded');
  },
};

/** One line of a `.env` file that could not be read. */
export interface DotEnvProblem {
  line: number;
  message: string;
}

/**
 * A `.env` file as compose reads it: `KEY=value` lines, `export KEY=value`, `#` comments (and
 * ` #` after an unquoted value), single quotes literal, double quotes with `\n` escapes;
 * unquoted and double-quoted values may use variables defined above them.
 */
export function parseDotEnv(text: string): { variables: Map<string, string>; problems: DotEnvProblem[] } {
  const variables = new Map<string, string>();
  const problems: DotEnvProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (match === null) {
      problems.push({ line: index + 1, message: `not a KEY=value line: "${clip(line)}"` });
      return;
    }
    const key = match[1] ?? '';
    const rest = match[2] ?? '';
    let value: string;
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      value = end === -1 ? rest.slice(1) : rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      const end = closingQuote(rest);
      const body = end === -1 ? rest.slice(1) : rest.slice(1, end);
      value = expand(
        body.replace(/\\([nrt"\\])/g, (_, char: string) => ({ n: '\n', r: '\r', t: '\t' })[char] ?? char),
        variables,
        [],
        0,
      );
    } else {
      value = expand(rest.replace(/\s+#.*$/, '').trim(), variables, [], 0);
    }
    variables.set(key, value);
  });
  return { variables, problems };
}

function closingQuote(text: string): number {
  for (let index = 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index;
  }
  return -1;
}
