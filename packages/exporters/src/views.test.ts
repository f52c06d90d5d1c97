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
  it('exports every target (views are not architecture: no file changes for them) and lints the same', async () => {
    const plain = (await exportModel(ecommerceTemplate())).files;
    const viewed = (await exportModel(withViews())).files;
    expect(viewed.map((file) => file.path)).toEqual(plain.map((file) => file.path));
    const texts = (files: typeof plain) => files.map((file) => String(file.content));
    expect(texts(viewed)).toEqual(texts(plain));
    expect(lint(withViews())).toEqual(lint(ecommerceTemplate()));
  });
});
