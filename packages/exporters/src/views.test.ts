import type { Model } from '@meshplan/model';
import { lint } from '@meshplan/rules';
import { describe, expect, it } from 'vitest';
import { exportModel } from './index.js';
import { ecommerceTemplate } from './test-support.js';

/** The template with a saved view and hostile text in it: what the editor stores when one is saved. */
function withViews(): Model {
  const model = ecommerceTemplate();
  return {
    ...model,
    views: [
      {
        id: 'view-1',
        name: 'Checkout <script>alert(1)</script> "../"',
        elements: [model.nodes[0]?.id ?? '', model.contexts?.[0]?.id ?? ''],
        positions: { [model.nodes[0]?.id ?? '']: { x: 1, y: 2 } },
      },
    ],
  };
}

describe('a model with views', () => {
  it('exports every target as without views, plus a picture of each saved view, and lints the same', async () => {
    const plain = (await exportModel(ecommerceTemplate())).files;
    const viewed = (await exportModel(withViews())).files;
    // Views are not architecture: every other file is byte for byte the same.
    const saved = (path: string) => path.startsWith('diagrams/views/saved/');
    const others = viewed.filter((file) => !saved(file.path));
    expect(others.map((file) => file.path)).toEqual(plain.map((file) => file.path));
    const texts = (files: typeof plain) => files.map((file) => String(file.content));
    expect(texts(others)).toEqual(texts(plain));
    expect(viewed.filter((file) => saved(file.path)).length).toBe(withViews().views?.length);
    expect(lint(withViews())).toEqual(lint(ecommerceTemplate()));
  });
});
