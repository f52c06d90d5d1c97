import { nodeBox } from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import { Panel, useReactFlow, useStore } from '@xyflow/react';
import { memo, type PointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import { CONTEXT_SIZE, modelBounds } from './mapping.js';

/**
 * The theme's colours (styles.css's --accent, --muted, --text), by the theme's class: reading
 * them with getComputedStyle would make the browser work out the style of the whole canvas on
 * every redraw (140 ms at 1,000 services while a model opens).
 */
const LIGHT = { accent: '#2f5bd3', muted: '#5d6472', text: '#1c1f26' };
const DARK = { accent: '#7ea0ff', muted: '#a3aab8', text: '#e6e8ec' };

const WIDTH = 200;
const HEIGHT = 150;

interface Frame {
  /** Flow coordinates of the map's top-left corner, and flow units per map pixel. */
  x: number;
  y: number;
  scale: number;
}

/** The map's frame: the model's bounds and the view's, together, fitted into the map. */
function frameOf(
  bounds: { x: number; y: number; width: number; height: number },
  view: { x: number; y: number; width: number; height: number },
): Frame {
  const x = Math.min(bounds.x, view.x);
  const y = Math.min(bounds.y, view.y);
  const width = Math.max(bounds.x + bounds.width, view.x + view.width) - x;
  const height = Math.max(bounds.y + bounds.height, view.y + view.height) - y;
  const scale = Math.max(width / WIDTH, height / HEIGHT, 1e-6);
  // Centred in the map.
  return { x: x - (WIDTH * scale - width) / 2, y: y - (HEIGHT * scale - height) / 2, scale };
}

/** How long after an edit the map's layer of boxes is drawn again (the edit's own frame does not wait for it). */
const LAYER_DELAY_MS = 120;

/**
 * The model's contexts and nodes drawn once, fitted into the map alone, to be copied (scaled into
 * the map's frame) each frame: a view that pans past the model, as a drag's auto-pan does, changes
 * the frame every frame and would otherwise draw every box again each time.
 */
interface Layer {
  model: Model;
  frame: Frame;
  colours: typeof LIGHT;
  ratio: number;
  canvas: HTMLCanvasElement;
}

function drawLayer(model: Model, f: Frame, colours: typeof LIGHT, ratio: number): Layer {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * ratio;
  canvas.height = HEIGHT * ratio;
  const context = canvas.getContext('2d');
  if (context !== null) {
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const box = (x: number, y: number, width: number, height: number) =>
      [(x - f.x) / f.scale, (y - f.y) / f.scale, width / f.scale, height / f.scale] as const;
    context.strokeStyle = colours.accent;
    context.lineWidth = 1;
    for (const c of model.contexts ?? [])
      context.strokeRect(
        ...box(
          c.position?.x ?? 0,
          c.position?.y ?? 0,
          (c.size ?? CONTEXT_SIZE).width,
          (c.size ?? CONTEXT_SIZE).height,
        ),
      );
    context.fillStyle = colours.muted;
    for (const node of model.nodes) {
      const { width, height } = nodeBox(node.name);
      context.fillRect(...box(node.position?.x ?? 0, node.position?.y ?? 0, width, height));
    }
  }
  return { model, frame: f, colours, ratio, canvas };
}

/**
 * The whole model in small, with the part on screen framed; a click or drag there moves the view.
 * Drawn on one <canvas> from the model itself, at most once a frame: React Flow's minimap mounts a
 * component per node and re-checks each of them on every change, which at 1,000 nodes cost an edit
 * several milliseconds.
 */
export const OverviewMap = memo(function OverviewMap({ model }: { model: Model }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const transform = useStore((s) => s.transform);
  const pane = useStore((s) => ({ width: s.width, height: s.height }), sameSize);
  const { setViewport } = useReactFlow();
  const frame = useRef<Frame | undefined>(undefined);
  // A pan redraws the map every frame: the model's bounds are worked out once per model.
  const bounds = useMemo(() => modelBounds(model), [model]);

  // The model's boxes are drawn once into a layer of their own, and each frame of a pan only copies
  // it: an edit's frame then pays for the copy, and the layer follows the edit a moment later.
  const layer = useRef<Layer | undefined>(undefined);
  // Bumped when a layer drawn after an edit is ready: the map then shows it.
  const [layerVersion, redrawn] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: layerVersion says a new layer (kept in a ref) is ready to show
  useEffect(() => {
    let rebuild: ReturnType<typeof setTimeout> | undefined;
    const request = requestAnimationFrame(() => {
      const context = canvas.current?.getContext('2d');
      if (!context || bounds === undefined) return;
      const [tx, ty, zoom] = transform;
      const view = { x: -tx / zoom, y: -ty / zoom, width: pane.width / zoom, height: pane.height / zoom };
      const f = frameOf(bounds, view);
      frame.current = f;
      const ratio = window.devicePixelRatio || 1;
      const colours = document.documentElement.classList.contains('dark') ? DARK : LIGHT;
      const known = layer.current;
      if (known === undefined || known.colours !== colours || known.ratio !== ratio)
        layer.current = drawLayer(model, frameOf(bounds, bounds), colours, ratio);
      else if (known.model !== model) {
        // An edit: the old layer (where it was drawn) now, the new one after this frame.
        rebuild = setTimeout(() => {
          layer.current = drawLayer(model, frameOf(bounds, bounds), colours, ratio);
          redrawn((n) => n + 1);
        }, LAYER_DELAY_MS);
      }
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, context.canvas.width, context.canvas.height);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      const drawn = layer.current;
      if (drawn !== undefined) {
        // The layer's frame within this one: the same place, or smaller when the view lies beyond.
        const { x, y, scale } = drawn.frame;
        const shrink = scale / f.scale;
        context.drawImage(
          drawn.canvas,
          (x - f.x) / f.scale,
          (y - f.y) / f.scale,
          WIDTH * shrink,
          HEIGHT * shrink,
        );
      }
      // What is on screen: the rest of the map dimmed around it.
      const [vx, vy, vw, vh] = [
        (view.x - f.x) / f.scale,
        (view.y - f.y) / f.scale,
        view.width / f.scale,
        view.height / f.scale,
      ];
      context.fillStyle = 'rgba(128, 128, 128, 0.25)';
      context.beginPath();
      context.rect(0, 0, WIDTH, HEIGHT);
      context.rect(vx, vy, vw, vh);
      context.fill('evenodd');
      context.strokeStyle = colours.text;
      context.lineWidth = 1;
      context.strokeRect(vx, vy, vw, vh);
    });
    return () => {
      cancelAnimationFrame(request);
      clearTimeout(rebuild);
    };
  }, [model, bounds, transform, pane, layerVersion]);

  /** Centres the view on the point of the map under the pointer. */
  const moveTo = (event: PointerEvent<HTMLCanvasElement>) => {
    const f = frame.current;
    if (f === undefined) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const x = f.x + (event.clientX - rect.left) * f.scale;
    const y = f.y + (event.clientY - rect.top) * f.scale;
    const zoom = transform[2];
    void setViewport({ x: pane.width / 2 - x * zoom, y: pane.height / 2 - y * zoom, zoom });
  };

  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <Panel position="bottom-right" className="overview-map">
      <canvas
        ref={canvas}
        width={WIDTH * ratio}
        height={HEIGHT * ratio}
        style={{ width: WIDTH, height: HEIGHT }}
        role="img"
        aria-label="Minimap: the whole model, with the part on screen framed"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          moveTo(event);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event);
        }}
      />
    </Panel>
  );
});

function sameSize(a: { width: number; height: number }, b: { width: number; height: number }): boolean {
  return a.width === b.width && a.height === b.height;
}
