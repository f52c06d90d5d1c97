import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { lint } from './engine.js';
import { RULES } from './rules/index.js';

// Every rule has docs/rules/<id>.md whose "Incorrect" example reports the rule and whose
// "Correct" example does not (eslint's check-rule-examples): the docs cannot drift from the code.
const docsDir = fileURLToPath(new URL('../docs/rules/', import.meta.url));

function example(doc: string, heading: 'Incorrect' | 'Correct'): unknown {
  const section = doc.split(/^## /m).find((part) => part.startsWith(heading));
  const block = section === undefined ? undefined : /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error(`no "## ${heading}" section with a json block`);
  return JSON.parse(block);
}

describe('rule docs', () => {
  for (const id of RULES.keys()) {
    it(`${id}: its page exists and its examples behave as they say`, () => {
      const doc = readFileSync(`${docsDir}${id}.md`, 'utf8');
      expect(doc).toMatch(new RegExp(`^# ${id}\\n`));
      for (const heading of ['Incorrect', 'Correct'] as const) {
        const parsed = parseModel(example(doc, heading));
        if (!parsed.ok) throw new Error(`${id}.md ${heading}: ${JSON.stringify(parsed.errors)}`);
        const reported = lint(parsed.model).filter((f) => f.rule === id);
        if (heading === 'Incorrect')
          expect(reported.length, `${id}.md: Incorrect reports nothing`).toBeGreaterThan(0);
        else expect(reported, `${id}.md: Correct still reports`).toEqual([]);
      }
    });
  }
});
