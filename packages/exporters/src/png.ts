import { Resvg } from '@resvg/resvg-js';

/**
 * The PNG of a diagram: Node only (resvg-js is a native module), so it is its own entry point,
 * `@meshplan/exporters/png`, which the CLI and the server pass to `exportModel` as `rasterize`;
 * the package's main entry stays free of `node:` imports for the browser.
 */

/** Pictures are drawn at twice their size, for screens with two pixels per point and for print. */
export const PNG_SCALE = 2;
/**
 * A picture larger than this many pixels at 2x is drawn at the largest scale that fits (a
 * 1,000-service architecture would otherwise need gigabytes): its SVG stays the exact version.
 */
export const MAX_PNG_PIXELS = 16_000_000;
/** And no side longer than this (what image viewers and browsers reliably open). */
export const MAX_PNG_SIDE = 16_384;

/**
 * PNG pixels one export draws at most, all pictures together: the architecture first, then the
 * context views in order, each whole or not at all; the views past it are written as SVG only.
 * A 100-context model would otherwise spend a minute of a server worker on PNGs (the job limit is
 * 20 s); 64 MP is the architecture at its cap and dozens of views.
 */
export const PNG_BUDGET_PIXELS = 64_000_000;

/**
 * A `rasterize` for one export: `pngOfSvg` while the pictures drawn so far and this one fit in
 * `budget` pixels, else nothing (no PNG for this picture). Make one per export.
 */
export function pngsWithin(budget: number = PNG_BUDGET_PIXELS): (svg: string) => Uint8Array | undefined {
  let left = budget;
  return (svg) => {
    const size = declaredSize(svg);
    if (size !== undefined) {
      const scale = pngScale(size.width, size.height);
      const pixels = Math.round(size.width * scale) * Math.round(size.height * scale);
      if (pixels > left) return undefined;
      left -= pixels;
    }
    return pngOfSvg(svg);
  };
}

/**
 * The SVG drawn by resvg at `PNG_SCALE` on white, with the system's fonts (Liberation Sans has
 * Arial's metrics, which node boxes are measured in; names fall back to it where Arial is absent).
 */
export function pngOfSvg(svg: string): Uint8Array {
  const fonts = {
    loadSystemFonts: true,
    defaultFontFamily: 'Liberation Sans',
    sansSerifFamily: 'Liberation Sans',
  };
  const size = declaredSize(svg) ?? new Resvg(svg, { font: fonts });
  const scale = pngScale(size.width, size.height);
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: fonts, background: '#ffffff' })
    .render()
    .asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** `PNG_SCALE`, or less for a picture too large to draw at that scale. */
export function pngScale(width: number, height: number): number {
  const byPixels = Math.sqrt(MAX_PNG_PIXELS / Math.max(1, width * height));
  const bySide = MAX_PNG_SIDE / Math.max(1, width, height);
  return Math.min(PNG_SCALE, byPixels, bySide);
}

/**
 * The `width` and `height` of the root element when it states them in px (the diagrams always
 * do): reading them here spares a parse of the whole document by resvg just to learn its size.
 */
function declaredSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = /\swidth="(\d+(?:\.\d+)?)"/.exec(root)?.[1];
  const height = /\sheight="(\d+(?:\.\d+)?)"/.exec(root)?.[1];
  return width === undefined || height === undefined
    ? undefined
    : { width: Number(width), height: Number(height) };
}
