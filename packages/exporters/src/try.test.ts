import { mkdirSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { exportModel } from './index.js';
import { pngOfSvg } from './png.js';
import { fixtures } from './test-support.js';
it('draws', async () => {
  mkdirSync('/tmp/shots-svg', { recursive: true });
  const model = fixtures()[2]!.model!;
  const t = performance.now();
  const { files } = await exportModel(model, { targets: ['diagrams'], rasterize: pngOfSvg });
  console.log(performance.now() - t);
  for (const f of files) if (/\.(png)$/.test(f.path)) writeFileSync(`/tmp/shots-svg/ecommerce-${f.path.replace(/\//g, '_')}`, f.content);
}, 60000);
