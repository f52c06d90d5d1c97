import { toPng, toSvg } from 'html-to-image';

/**
 * The canvas as the user sees it (viewport, zoom, theme), without the minimap and the zoom
 * controls: a PNG (at the screen's pixel ratio) and an SVG.
 */
export async function canvasPictures(): Promise<{ png: Uint8Array; svg: string }> {
  const canvas = document.querySelector<HTMLElement>('.canvas .react-flow');
  if (canvas === null) throw new Error('the canvas is not on screen');
  const options = {
    backgroundColor: getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#ffffff',
    filter: (node: HTMLElement) =>
      !(node.classList?.contains('overview-map') || node.classList?.contains('react-flow__controls')),
    // Fonts are the system's: nothing to fetch and embed.
    skipFonts: true,
  };
  const png = await toPng(canvas, options);
  const svg = await toSvg(canvas, options);
  return { png: dataUrlBytes(png), svg: decodeURIComponent(svg.slice(svg.indexOf(',') + 1)) };
}

function dataUrlBytes(url: string): Uint8Array {
  const binary = atob(url.slice(url.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
