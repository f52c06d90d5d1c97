import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';

// The exported diagrams are drawn by resvg (the PNGs in the zip) and opened by people in browsers
// (the SVGs): both must show the same picture. The server draws the PNGs; Chromium draws the SVG
// at the same size; the two are compared pixel by pixel, in the page.

const example = readFileSync(new URL('../../shared/examples/ecommerce.json', import.meta.url), 'utf8');

interface Comparison {
  width: number;
  height: number;
  /** Share of pixels whose colour differs by more than anti-aliasing does. */
  differing: number;
  /** The largest difference between the mean colours of two 16 x 16 blocks, 0-255. */
  worstBlock: number;
}

test('the exported SVG renders the same in resvg and in Chromium', async ({ page, request }) => {
  const res = await request.post('/api/v1/export.zip?targets=diagrams', {
    headers: { 'content-type': 'application/json' },
    data: example,
  });
  expect(res.status()).toBe(200);
  const entries = unzipSync(new Uint8Array(await res.body()));
  const pictures = ['diagrams/architecture', 'diagrams/views/order-management'];
  for (const name of pictures) {
    const svg = new TextDecoder().decode(entries[`${name}.svg`]);
    const png = entries[`${name}.png`];
    expect(svg, name).toContain('<svg');
    expect(png, name).toBeDefined();
    await page.goto('/healthz');
    const result: Comparison = await page.evaluate(
      async ({ svg, png }) => {
        const load = (src: string) =>
          new Promise<HTMLImageElement>((resolve, reject) => {
            const image = new Image();
            image.onload = () => resolve(image);
            image.onerror = () => reject(new Error(`could not load ${src.slice(0, 40)}`));
            image.src = src;
          });
        const resvg = await load(`data:image/png;base64,${png}`);
        const chromium = await load(URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })));
        const { naturalWidth: width, naturalHeight: height } = resvg;
        const pixels = (image: HTMLImageElement) => {
          const canvas = document.createElement('canvas');
          canvas.width = width;
          canvas.height = height;
          const context = canvas.getContext('2d') as CanvasRenderingContext2D;
          context.fillStyle = '#fff';
          context.fillRect(0, 0, width, height);
          // The SVG drawn at the PNG's size: Chromium rasterises it at that resolution.
          context.drawImage(image, 0, 0, width, height);
          return context.getImageData(0, 0, width, height).data;
        };
        const a = pixels(resvg);
        const b = pixels(chromium);
        let differing = 0;
        const block = 16;
        const columns = Math.ceil(width / block);
        const sums = new Float64Array(columns * Math.ceil(height / block) * 2);
        for (let i = 0; i < a.length; i += 4) {
          let worst = 0;
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs((a[i + c] ?? 0) - (b[i + c] ?? 0)));
          if (worst > 64) differing++;
          const pixel = i / 4;
          const cell = Math.floor(pixel / width / block) * columns + Math.floor((pixel % width) / block);
          sums[cell * 2] += ((a[i] ?? 0) + (a[i + 1] ?? 0) + (a[i + 2] ?? 0)) / 3;
          sums[cell * 2 + 1] += ((b[i] ?? 0) + (b[i + 1] ?? 0) + (b[i + 2] ?? 0)) / 3;
        }
        let worstBlock = 0;
        for (let cell = 0; cell < sums.length / 2; cell++)
          worstBlock = Math.max(
            worstBlock,
            Math.abs((sums[cell * 2] ?? 0) - (sums[cell * 2 + 1] ?? 0)) / block ** 2,
          );
        return { width, height, differing: differing / (width * height), worstBlock };
      },
      { svg, png: Buffer.from(png as Uint8Array).toString('base64') },
    );
    console.log(name, JSON.stringify(result));
    expect(result.width, name).toBeGreaterThan(1000);
    expect(result.differing, `${name}: ${JSON.stringify(result)}`).toBeLessThan(0.005);
    expect(result.worstBlock, `${name}: ${JSON.stringify(result)}`).toBeLessThan(24);
  }
});
