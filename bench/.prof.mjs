import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startProcess, stopProcess } from './lib.mjs';
import { zoomToWork } from './editor-edits.mjs';
const KIND = process.argv[2] ?? 'rename';
const port = 19000 + Math.floor(Math.random() * 900);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'dbg-'));
const server = await startProcess('apps/server/dist/main.js', port, { HOST: '127.0.0.1', MESHPLAN_DATA_DIR: dataDir, MESHPLAN_WEB_DIR: 'apps/web/dist-bench' });
const nodes = [], edges = [], contexts = [];
for (let c = 0; c < 50; c++) { contexts.push({ id: `ctx-${c}`, name: `Context ${c}`, position: { x: (c % 10) * 1000, y: Math.floor(c / 10) * 800 }, size: { width: 960, height: 760 } });
  for (let i = 0; i < 20; i++) nodes.push({ id: `svc-${c}-${i}`, kind: 'service', name: `Service ${c}-${i}`, context: `ctx-${c}`, position: { x: (c % 10) * 1000 + 30 + (i % 4) * 230, y: Math.floor(c / 10) * 800 + 60 + Math.floor(i / 4) * 135 } }); }
let e = 0; for (let c = 0; c < 50; c++) for (let i = 0; i < 20; i++) for (const to of [`svc-${c}-${(i + 1) % 20}`, `svc-${c}-${(i + 7) % 20}`, `svc-${(c + 1) % 50}-${i}`]) edges.push({ id: `e${e++}`, kind: 'sync', from: `svc-${c}-${i}`, to, protocol: 'rest' });
const model = { format: 'meshplan/v1', name: 'B', contexts, nodes, edges };
const res = await fetch(`${base}/api/v1/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(model) });
const created = await res.json();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
await context.addInitScript((v) => localStorage.setItem('meshplan.models', v), JSON.stringify([{ id: created.id, token: created.token, name: 'B', updatedAt: new Date().toISOString() }]));
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(`${base}/#/m/${created.id}`);
await page.locator('.react-flow__node[data-id="svc-0-5"]').waitFor({ timeout: 60000 });
await page.waitForTimeout(1500);
await zoomToWork(page, 'svc-0-5');
await page.waitForTimeout(1000);
await page.locator('.react-flow__node[data-id="svc-0-5"]').click();
const field = page.locator('[data-testid="field-name"]');
await field.waitFor();
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
const times = [];
await cdp.send('Profiler.start');
for (let i = 0; i < 20; i++) {
  if (KIND === 'rename') {
    await field.fill(`Renamed ${i}`);
    await page.evaluate(() => { const t = performance.now(); (function editMarker() { while (performance.now() - t < 2); })(); });
    const t0 = Date.now();
    await field.press('Enter');
    await page.waitForFunction((n) => document.querySelector('.react-flow__node[data-id="svc-0-5"]')?.textContent?.includes(n), `Renamed ${i}`);
    times.push(Date.now() - t0);
  } else {
    await page.locator('.react-flow__node[data-id="svc-0-5"]').focus();
    await page.waitForTimeout(200);
    await page.evaluate(() => { const t = performance.now(); (function editMarker() { while (performance.now() - t < 2); })(); });
    await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
  }
  await page.waitForTimeout(300);
}
const { profile } = await cdp.send('Profiler.stop');
writeFileSync('/tmp/prof.json', JSON.stringify(profile));
console.log('times', times.join(' '));
await browser.close();
await stopProcess(server);
