/**
 * How big a node's box is: its width follows its name between a minimum and a maximum, then the
 * name wraps onto more lines. Computed from font metrics, not from a DOM, so the editor, the
 * layout worker and the exporters (in Node) agree on every box without measuring anything.
 *
 * Names are drawn in Arial's metrics (Liberation Sans on Linux has the same advances), at
 * `NAME_FONT.size` px, bold. Other characters fall back to a wide estimate, so a box errs large.
 */

/** The font of a node's name, on the canvas and in exported diagrams. */
export const NAME_FONT = {
  family: 'Arial, "Liberation Sans", Helvetica, sans-serif',
  size: 13,
  weight: 700,
  lineHeight: 16,
} as const;

/** Advance widths of Arial Bold (= Liberation Sans Bold) for ASCII 32..126, in 1/1000 em. */
const BOLD_ADVANCES = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278,
  556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584,
  556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
  333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
/** Letters outside ASCII: most Latin ones are about as wide as an `n`; CJK and emoji take a full em. */
const OTHER_ADVANCE = 640;
const WIDE_ADVANCE = 1000;

/** The width in px of `text` set in the name font. */
export function nameWidth(text: string, fontSize: number = NAME_FONT.size): number {
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 32 && code <= 126) units += BOLD_ADVANCES[code - 32] ?? OTHER_ADVANCE;
    else units += code >= 0x1100 ? WIDE_ADVANCE : OTHER_ADVANCE;
  }
  return (units * fontSize) / 1000;
}

/** The parts of a node box around its name: padding, the kind icon and the gap after it. */
export const NODE_CHROME = { left: 12 + 20 + 8, right: 12 } as const;
/** A box with a one-line name: padding, the name and the line of detail under it. */
const ONE_LINE_HEIGHT = 64;
export const NODE_WIDTH = { min: 150, max: 260 } as const;
/** At most this many lines of a name are drawn; the whole name is in the box's title. */
export const MAX_NAME_LINES = 3;

/**
 * A name broken into lines that fit `width` px: at spaces, hyphens, dots, slashes and underscores
 * where it can, inside a word where a word alone is too wide. The last line holds what is left.
 */
export function nameLines(name: string, width: number, maxLines: number = MAX_NAME_LINES): string[] {
  const words = name.match(/[^\s\-./_]*[\s\-./_]*/g)?.filter((part) => part !== '') ?? [];
  /** Each line as drawn, and where in `name` the next one starts. */
  const lines: { text: string; next: number }[] = [];
  let line = '';
  let offset = 0;
  const push = () => {
    if (line.trim() !== '') lines.push({ text: line.trimEnd(), next: offset });
    line = '';
  };
  for (const word of words) {
    if (nameWidth((line + word).trimEnd()) > width) {
      push();
      // A word wider than a line is cut where it no longer fits.
      let rest = word;
      while (nameWidth(rest.trimEnd()) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && nameWidth(rest.slice(0, cut)) > width) cut--;
        offset += cut;
        lines.push({ text: rest.slice(0, cut), next: offset });
        rest = rest.slice(cut);
      }
      line = rest;
      offset += rest.length;
      continue;
    }
    line += word;
    offset += word.length;
  }
  push();
  if (lines.length <= maxLines) return lines.map((l) => l.text);
  const kept = lines.slice(0, maxLines - 1);
  return [...kept.map((l) => l.text), name.slice(kept.at(-1)?.next ?? 0).trim()];
}

export interface NodeBox {
  width: number;
  height: number;
  /** The name as drawn, one entry per line. */
  lines: string[];
}

/** The box of a node named `name`: as wide as its name needs within `NODE_WIDTH`, as tall as its lines. */
export function nodeBox(name: string): NodeBox {
  let box = boxes.get(name);
  if (box === undefined) {
    box = measureBox(name);
    // Placement and routing ask for every node's box on each call: names repeat across calls.
    if (boxes.size >= MAX_REMEMBERED) boxes.clear();
    boxes.set(name, box);
  }
  return { width: box.width, height: box.height, lines: [...box.lines] };
}

const boxes = new Map<string, NodeBox>();
const MAX_REMEMBERED = 20_000;

function measureBox(name: string): NodeBox {
  const chrome = NODE_CHROME.left + NODE_CHROME.right;
  // A little slack: a browser's text rendering and hinting may run a pixel or two wider.
  const needed = Math.ceil(nameWidth(name) * 1.04) + chrome;
  const width = Math.min(NODE_WIDTH.max, Math.max(NODE_WIDTH.min, needed));
  const lines = nameLines(name, (width - chrome) / 1.04);
  const extraLines = Math.max(0, Math.min(lines.length, MAX_NAME_LINES) - 1);
  return { width, height: ONE_LINE_HEIGHT + extraLines * NAME_FONT.lineHeight, lines };
}
