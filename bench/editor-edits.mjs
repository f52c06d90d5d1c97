// Edit latency and history memory of the editor (issue 13), for bench/editor.bench.mjs. Everything
// goes through what a person uses (the inspector's name field, the keyboard, the handles) and is
// read from the canvas's DOM and, for memory, the DevTools protocol: never from the store, whose
// shape may change under the benchmark.

/** The value at fraction `q` of the sorted values (nearest rank: p95 of 30 is the 29th). */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Arms the page for one edit: notes the time of every key press and pointer release from now on,
 * watches the canvas for the change `spec` describes and, once it is in the DOM, waits for the
 * frame that paints it (requestAnimationFrame, then a task after the frame's style, layout and
 * paint). Resolves `window.__edit` with the times, in ms since the input that caused the change
 * (the last input before the DOM showed it). `spec.kind`: `text` (node `spec.id` shows
 * `spec.text`), `move` (its transform changes), `edge` (an edge not drawn before appears);
 * `spec.untimed` only waits for the change. The tests run on every DOM change of the canvas until
 * the first hit, so they are kept cheap: what they cost is counted in the figure.
 */
async function arm(page, spec) {
  await page.evaluate((spec) => {
    const inputs = [];
    // The event's own time: when the browser took the input, before any wait for the main thread.
    const note = (event) => inputs.push({ at: event.timeStamp, seen: performance.now() });
    window.addEventListener('keydown', note, true);
    window.addEventListener('pointerup', note, true);
    const nodeElement = () =>
      document.querySelector(`.react-flow__node[data-id="${CSS.escape(spec.id ?? '')}"]`);
    let test;
    if (spec.kind === 'text') test = () => nodeElement()?.textContent?.includes(spec.text) === true;
    else if (spec.kind === 'move') {
      const before = nodeElement()?.style.transform;
      test = () => {
        const now = nodeElement()?.style.transform;
        return now !== undefined && now !== before;
      };
    } else {
      const known = new Set(
        [...document.querySelectorAll('.react-flow__edge')].map((edge) => edge.getAttribute('data-id')),
      );
      const isNew = (element) => {
        const edge = element.matches('.react-flow__edge')
          ? element
          : element.querySelector('.react-flow__edge');
        return edge !== null && !known.has(edge.getAttribute('data-id'));
      };
      test = (records) =>
        records.some((record) =>
          [...record.addedNodes].some((added) => added instanceof Element && isNew(added)),
        );
    }
    window.__edit = new Promise((resolve) => {
      let done = false;
      const finish = (result) => {
        done = true;
        observer.disconnect();
        window.removeEventListener('keydown', note, true);
        window.removeEventListener('pointerup', note, true);
        resolve(result);
      };
      const observer = new MutationObserver((records) => {
        if (done || !test(records)) return;
        const dom = performance.now();
        const start = inputs.filter((input) => input.at <= dom).at(-1);
        done = true;
        requestAnimationFrame(() => {
          const frame = performance.now();
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const painted = performance.now();
            if (spec.untimed) finish({});
            else if (start === undefined) finish({ error: 'no input before the change' });
            else
              finish({
                dom: dom - start.at,
                frame: frame - start.at,
                painted: painted - start.at,
                queued: start.seen - start.at,
              });
          };
          channel.port2.postMessage(null);
        });
      });
      observer.observe(document.querySelector('.react-flow') ?? document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      setTimeout(
        () =>
          done ||
          finish({ error: `no ${spec.kind} change on the canvas within ${spec.timeoutMs ?? 5000} ms` }),
        spec.timeoutMs ?? 5000,
      );
    });
  }, spec);
}

/** The armed edit's times; `waitMs` (optional) gives up early, resolving undefined. */
async function result(page, waitMs) {
  const outcome = await page.evaluate(
    (waitMs) =>
      waitMs === undefined
        ? window.__edit
        : Promise.race([
            window.__edit,
            new Promise((resolve) => setTimeout(() => resolve(undefined), waitMs)),
          ]),
    waitMs,
  );
  if (outcome?.error !== undefined) throw new Error(outcome.error);
  return outcome;
}

/** The canvas's box on the page (React Flow's root element). */
const canvasBox = (page) => page.locator('.react-flow').first().boundingBox();

/**
 * Zooms with the mouse wheel over `id` until it is drawn about its own size (at least 150 px wide),
 * so that names, handles and the inspector's target are what a person editing would see.
 */
export async function zoomToWork(page, id) {
  const node = page.locator(`.react-flow__node[data-id="${id}"]`);
  for (let i = 0; i < 30; i++) {
    const box = await node.boundingBox();
    if (box === null) throw new Error(`node ${id} is not on the canvas`);
    if (box.width >= 150) return;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await sleep(150);
  }
  throw new Error(`could not zoom in on ${id}`);
}

/**
 * Where the pointer would hit node `id` now: `click`, some point of its box that is not under an
 * edge drawn above it, the minimap, the controls or a panel; `source`, a point of its source handle
 * the pointer reaches (undefined when edges drawn above cover it: a person would grab the edge);
 * `target`, the same of its target handle (in the editor a drop on an edge over a handle draws
 * nothing). Undefined for a node partly outside the canvas or wholly covered. Asked just before
 * use: selecting a node raises it and its edges above the others.
 */
async function pointsOf(page, id) {
  const canvas = await canvasBox(page);
  return page.evaluate(
    ({ canvas, id }) => {
      const node = document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
      if (node === null) return undefined;
      const r = node.getBoundingClientRect();
      if (r.left < canvas.x + 20 || r.top < canvas.y + 20) return undefined;
      if (r.right > canvas.x + canvas.width - 20 || r.bottom > canvas.y + canvas.height - 20)
        return undefined;
      // The first of a spread of points of `el` (centre first) at which the pointer hits it.
      const reach = (el) => {
        const box = el.getBoundingClientRect();
        const spots = [0.5, 0.3, 0.7, 0.15, 0.85];
        for (const fy of spots)
          for (const fx of spots) {
            const p = { x: box.x + box.width * fx, y: box.y + box.height * fy };
            if (el.contains(document.elementFromPoint(p.x, p.y))) return p;
          }
        return undefined;
      };
      const click = reach(node);
      if (click === undefined) return undefined;
      const source = node.querySelector('.react-flow__handle.source');
      const target = node.querySelector('.react-flow__handle.target');
      return {
        click,
        source: source === null ? undefined : reach(source),
        target: target === null ? undefined : reach(target),
      };
    },
    { canvas, id },
  );
}

/** Service nodes on the canvas that the pointer can reach now (see `pointsOf`), by id. */
async function reachableNodes(page) {
  const ids = await page.evaluate(() =>
    [...document.querySelectorAll('.react-flow__node:not(.react-flow__node-context)')].map((node) =>
      node.getAttribute('data-id'),
    ),
  );
  const found = [];
  for (const id of ids) if ((await pointsOf(page, id)) !== undefined) found.push(id);
  return found;
}

/**
 * Waits until `field` can be typed in: the editor takes edits only once the room has synced
 * (until then its fields are disabled and a rename would be refused, not timed).
 */
async function whenEnabled(field) {
  for (let waited = 0; !(await field.isEnabled()); waited += 100) {
    if (waited >= 30_000)
      throw new Error('the field stayed disabled for 30 s (the model never became editable)');
    await sleep(100);
  }
}

/** Clicks node `id` where the pointer hits it (selecting it, as a person would). */
async function clickNode(page, id) {
  const points = await pointsOf(page, id);
  if (points === undefined) throw new Error(`node ${id} cannot be clicked`);
  await page.mouse.click(points.click.x, points.click.y);
}

/**
 * Waits until the page has been idle for a while: the last edit's autosave, lint and repaint are
 * over. The frames it owes are drawn first and the wait comes after, so that the next input finds
 * the page at rest: a `requestAnimationFrame` just before it would make its frame wait for the
 * display's next refresh, as no person's pause does (README, "Stop 29").
 */
async function settle(page, ms) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  await sleep(ms);
}

/**
 * What one tile of the canvas costs to draw: Chromium here rasters in software, in tiles of about
 * 256 px, and an edit redraws the tiles its change touches. DevTools' paint profiler replays the
 * recorded drawing of the layer that holds the canvas (the largest that draws), clipped to each of
 * six 256 × 256 tiles across the canvas, many times; the figure is the median over the tiles of
 * each tile's time (the sum of its draw calls' median times), in ms.
 */
export async function tileCostMs(page) {
  const canvas = await canvasBox(page);
  const cdp = await page.context().newCDPSession(page);
  try {
    let layers;
    cdp.on('LayerTree.layerTreeDidChange', (event) => {
      if (event.layers !== undefined) layers = event.layers;
    });
    await cdp.send('LayerTree.enable');
    // A frame after enabling, so that the layer tree is reported.
    await page.evaluate(() => document.body.style.setProperty('--tile-probe', String(Math.random())));
    await settle(page, 300);
    const drawing = (layers ?? [])
      .filter((layer) => layer.drawsContent && layer.width >= canvas.width && layer.height >= canvas.height)
      .sort((a, b) => b.width * b.height - a.width * a.height);
    if (drawing.length === 0) throw new Error('no layer holds the whole canvas');
    const layer = drawing[0];
    const { snapshotId } = await cdp.send('LayerTree.makeSnapshot', { layerId: layer.layerId });
    const tiles = [];
    for (const fx of [0.2, 0.5, 0.8])
      for (const fy of [0.3, 0.7]) {
        const clipRect = {
          x: canvas.x + canvas.width * fx - 128 - (layer.offsetX ?? 0),
          y: canvas.y + canvas.height * fy - 128 - (layer.offsetY ?? 0),
          width: 256,
          height: 256,
        };
        const { timings } = await cdp.send('LayerTree.profileSnapshot', {
          snapshotId,
          minRepeatCount: 20,
          minDuration: 0.2,
          clipRect,
        });
        // Each step's median over the replays, in ms, added up.
        const stepMs = timings[0].map(
          (_, step) =>
            quantile(
              timings.map((run) => run[step]),
              0.5,
            ) * 1000,
        );
        tiles.push(stepMs.reduce((sum, ms) => sum + ms, 0));
      }
    await cdp.send('LayerTree.releaseSnapshot', { snapshotId });
    return quantile(tiles, 0.5);
  } finally {
    await cdp.detach();
  }
}

/**
 * Times `reps` edits of each kind at the working zoom, on `page` already open on the model:
 * a rename typed into `renameField` (the inspector's name field, or the bare page's) and committed
 * with Enter, a move by one arrow key of a selected, focused node, and a connection dragged from
 * one node's source handle to another's target handle. `existing` is the model's edges (from→to),
 * so that every connection drawn is a new one.
 */
export async function timeEdits(page, { renameField, existing, reps, pauseMs, focusId }) {
  await zoomToWork(page, focusId);
  await settle(page, 500);
  const nodes = await reachableNodes(page);
  if (nodes.length < 4) throw new Error(`only ${nodes.length} nodes can be reached at the working zoom`);
  // A figure reported beside the edits: if it cannot be taken, the edits are timed all the same.
  const tileMs = await tileCostMs(page).catch((error) => {
    console.log(`  tile cost: ${error.message}`);
    return Number.NaN;
  });
  const times = { rename: [], move: [], connect: [], errors: {}, tileMs };
  // A kind that cannot be measured is noted (its checks then fail) and the others still are.
  const attempt = async (kind, measure) => {
    try {
      await measure();
    } catch (error) {
      times.errors[kind] = error.message;
      console.log(`  ${kind}: ${error.message}`);
    }
  };

  // Rename: the field filled but for its last character, then that character and Enter typed. The
  // edit is timed from the key after which the canvas changed: Enter today (the field commits on
  // Enter), the last character if a later editor renames as one types.
  await attempt('rename', async () => {
    const renamed = nodes[0];
    await clickNode(page, renamed);
    const field = page.locator(renameField);
    await field.waitFor();
    await whenEnabled(field);
    for (let rep = 0; rep < reps; rep++) {
      const name = `Renamed ${String(rep).padStart(3, '0')}`;
      await field.fill(name.slice(0, -1));
      await settle(page, 100);
      await arm(page, { kind: 'text', id: renamed, text: name });
      await field.press(name.at(-1));
      let outcome = await result(page, 150);
      if (outcome === undefined) {
        await field.press('Enter');
        outcome = await result(page);
      }
      times.rename.push(outcome);
      await settle(page, pauseMs);
    }
  });

  // Move by keyboard: React Flow moves the selected nodes when a focused one gets an arrow key.
  await attempt('move', async () => {
    let moved;
    for (const id of nodes.slice(1))
      if (moved === undefined && (await pointsOf(page, id)) !== undefined) moved = id;
    if (moved === undefined) throw new Error('no node can be clicked to move');
    await clickNode(page, moved);
    const movedNode = page.locator(`.react-flow__node[data-id="${moved}"]`);
    await settle(page, pauseMs);
    for (let rep = 0; rep < reps; rep++) {
      await movedNode.focus();
      await arm(page, { kind: 'move', id: moved });
      await page.keyboard.press(rep % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
      times.move.push(await result(page));
      await settle(page, pauseMs);
    }
  });

  // Connect: handle to handle with the mouse, between nodes not connected yet (the moved node is
  // back where it was; the others never moved), spread over the pairs so that no node gets every
  // new edge; a pair whose handles are under something now is passed over.
  await attempt('connect', async () => {
    const pairs = [];
    for (const from of nodes)
      for (const to of nodes) if (from !== to && !existing.has(`${from}>${to}`)) pairs.push([from, to]);
    const stride = Math.max(1, Math.floor(pairs.length / reps));
    const order = new Set([...pairs.filter((_, i) => i % stride === 0), ...pairs]);
    const missed = [];
    for (const [from, to] of order) {
      if (times.connect.length === reps) break;
      const a = await pointsOf(page, from);
      const b = await pointsOf(page, to);
      if (a?.source === undefined || b?.target === undefined) continue;
      await page.mouse.move(a.source.x, a.source.y);
      await page.mouse.down();
      await page.mouse.move(b.target.x, b.target.y, { steps: 6 });
      await arm(page, { kind: 'edge', timeoutMs: 2000 });
      await page.mouse.up();
      try {
        times.connect.push(await result(page));
      } catch (error) {
        // A drop that drew nothing (a handle the drop missed): noted, and the next pair tried.
        missed.push(`${from}>${to}: ${error.message}`);
      }
      await settle(page, pauseMs);
    }
    times.missedConnections = missed;
    if (times.connect.length < reps)
      throw new Error(
        `only ${times.connect.length} new connections could be drawn (${missed.length} drops drew none)`,
      );
  });
  return times;
}

/**
 * Median and p95 of the DOM and painted times of each kind, and the medians of the two parts after
 * the DOM change: to the frame that draws it (the display's next refresh, plus any task before it),
 * and from that frame to the task after it (style, layout, paint, and the raster and display the
 * browser holds its tasks back for). Medians of parts do not add up to the whole's.
 */
export function summariseEdits(times) {
  return Object.fromEntries(
    ['rename', 'move', 'connect'].map((kind) => {
      const list = times[kind];
      const painted = list.map((t) => t.painted);
      const dom = list.map((t) => t.dom);
      return [
        kind,
        {
          medianMs: quantile(painted, 0.5),
          p95Ms: quantile(painted, 0.95),
          domMedianMs: quantile(dom, 0.5),
          domP95Ms: quantile(dom, 0.95),
          toFrameMedianMs: quantile(
            list.map((t) => t.frame - t.dom),
            0.5,
          ),
          frameToPaintedMedianMs: quantile(
            list.map((t) => t.painted - t.frame),
            0.5,
          ),
          samples: list.length,
        },
      ];
    }),
  );
}

/** The page's JS heap in use after two full collections (DevTools protocol). */
async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * Bytes of heap each undo step keeps, on `page` already open on a model: `steps` renames through
 * the inspector's name field, then `steps` drags of a node (each drag is one step), the heap read
 * after a full collection before and after each series. Two warm-up edits of each kind come first,
 * so that what the first edit loads or builds once is not counted as history.
 */
/**
 * An init script that adds up the main thread's messages to and from workers: their time (the
 * structured clone `postMessage` makes as it is called, and the one a worker's answer costs when
 * its `data` is first read) and their size (as JSON, measured outside the timed part). What the
 * editor sends its routing and lint workers after an edit should follow what the edit changed,
 * not the model's size. Sizes are exact; times of a fraction of a millisecond are noisy here.
 */
export const workerTrafficProbe = () => {
  const traffic = { messages: 0, ms: 0, bytes: 0 };
  window.__workerTraffic = traffic;
  const sizeOf = (value) => {
    try {
      return JSON.stringify(value)?.length ?? 0;
    } catch {
      return 0;
    }
  };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...args) {
    const start = performance.now();
    try {
      return post.apply(this, args);
    } finally {
      traffic.ms += performance.now() - start;
      traffic.messages++;
      traffic.bytes += sizeOf(args[0]);
    }
  };
  const data = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data');
  const read = new WeakSet();
  Object.defineProperty(MessageEvent.prototype, 'data', {
    ...data,
    get() {
      if (!(this.target instanceof Worker) || read.has(this)) return data.get.call(this);
      read.add(this);
      const start = performance.now();
      const value = data.get.call(this);
      traffic.ms += performance.now() - start;
      traffic.messages++;
      traffic.bytes += sizeOf(value);
      return value;
    },
  });
};

/** The main thread's worker traffic so far (see `workerTrafficProbe`); zeros without the probe. */
const workerTraffic = (page) =>
  page.evaluate(() => ({ ...(window.__workerTraffic ?? { messages: 0, ms: 0, bytes: 0 }) }));

/** Worker traffic between two readings, per step. */
function trafficPerStep(from, to, steps) {
  return {
    messagesPerStep: (to.messages - from.messages) / steps,
    msPerStep: (to.ms - from.ms) / steps,
    bytesPerStep: (to.bytes - from.bytes) / steps,
  };
}

export async function historyBytes(page, { steps, focusId }) {
  const cdp = await page.context().newCDPSession(page);
  await zoomToWork(page, focusId);
  await settle(page, 500);
  const [node] = await reachableNodes(page);
  if (node === undefined) throw new Error('no node can be reached at the working zoom');
  await clickNode(page, node);
  const field = page.locator('[data-testid="field-name"]');
  await field.waitFor();
  await whenEnabled(field);
  // Untimed: whether the canvas changes on the last key or on Enter, wait until it shows the name.
  const rename = async (name) => {
    await arm(page, { kind: 'text', id: node, text: name, untimed: true });
    await field.fill(name);
    await field.press('Enter');
    try {
      await result(page);
    } catch (error) {
      // What the editor said of it, if anything: a refused change leaves its reason by the field.
      const said = await page.locator('.field-error, [role="status"]').allTextContents();
      const shown = await page
        .locator(`.react-flow__node[data-id="${node}"]`)
        .textContent()
        .catch(() => 'no node');
      throw new Error(
        `${error.message} (renaming to "${name}": the field holds "${await field.inputValue()}", the node shows "${shown}"; the page says: ${said.join(' | ') || 'nothing'})`,
      );
    }
  };
  const drag = async (i) => {
    const points = await pointsOf(page, node);
    if (points === undefined) throw new Error(`node ${node} cannot be dragged`);
    const { x, y } = points.click;
    const dx = i % 2 === 0 ? 24 : -24;
    await arm(page, { kind: 'move', id: node, untimed: true });
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx / 2, y, { steps: 2 });
    await page.mouse.move(x + dx, y, { steps: 2 });
    await page.mouse.up();
    await result(page);
  };
  for (let i = 0; i < 2; i++) await rename(`Warm-up ${i}`);
  for (let i = 0; i < 2; i++) await drag(i);
  // Autosave and lint of the last edit done before each reading.
  await settle(page, 1500);
  const start = await heapAfterGc(cdp);
  const trafficAtStart = await workerTraffic(page);
  for (let i = 0; i < steps; i++) await rename(`Step ${String(i).padStart(3, '0')}`);
  await settle(page, 1500);
  const trafficAfterRenames = await workerTraffic(page);
  const afterRenames = await heapAfterGc(cdp);
  for (let i = 0; i < steps; i++) await drag(i);
  await settle(page, 1500);
  const trafficAfterDrags = await workerTraffic(page);
  const afterDrags = await heapAfterGc(cdp);
  await cdp.detach();
  return {
    steps,
    heapBefore: start,
    renameBytesPerStep: (afterRenames - start) / steps,
    dragBytesPerStep: (afterDrags - afterRenames) / steps,
    workersPerRename: trafficPerStep(trafficAtStart, trafficAfterRenames, steps),
    workersPerDrag: trafficPerStep(trafficAfterRenames, trafficAfterDrags, steps),
  };
}
