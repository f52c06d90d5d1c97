// @vitest-environment jsdom
// Mermaid's parser sanitises labels with DOMPurify, which needs a DOM.
import { describe, expect, it } from 'vitest';
import { allModels, exportedTexts } from '../test-support.js';

async function mermaidParser() {
  const { default: mermaid } = await import('mermaid');
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  return mermaid;
}

describe.each(allModels())('Mermaid context map of $name', ({ model, path }) => {
  it.skipIf(model === undefined)(`parses with Mermaid's own parser (${path})`, async () => {
    if (model === undefined) return;
    const mermaid = await mermaidParser();
    const [file] = await exportedTexts(model, 'diagrams', /\.mmd$/);
    expect(file?.path).toBe('diagrams/context-map.mmd');
    expect(await mermaid.parse(file?.text ?? '')).toMatchObject({ diagramType: 'flowchart-v2' });
  });
});

describe('the Mermaid check', () => {
  it('does reject a broken flowchart (an unquoted label that closes its node early)', async () => {
    const mermaid = await mermaidParser();
    await expect(mermaid.parse('flowchart LR\n  a[Order "x"] --> b]\n')).rejects.toThrow();
  });
});

describe('PlantUML and Structurizr DSL', () => {
  const model = allModels().at(-1)?.model;
  it('keep every hostile label inside its quotes', async () => {
    if (model === undefined) return;
    for (const file of await exportedTexts(model, 'diagrams', /\.(puml|dsl)$/)) {
      // A PlantUML title is the rest of its line by design: one line, so it cannot start a statement.
      for (const line of file.text.split('\n').filter((text) => !text.startsWith('title '))) {
        // Outside quoted strings only identifiers, keywords and punctuation remain.
        const outside = line.replace(/"(?:[^"\\]|\\.)*"/g, '""');
        expect(outside, `${file.path}: ${line}`).toMatch(/^[\s\w{}(),=>*@!<>/#.-]*(""[\s\w{}(),=>*-]*)*$/);
      }
    }
  });
});
