import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startProcess, stopProcess } from './lib.mjs';
const file = process.argv[2] ?? '/work/shared/examples/ecommerce.json';
const out = process.argv[3] ?? '/tmp/shot.png';
const port = 19000 + Math.floor(Math.random() * 900);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'shot-'));
const server = await startProcess('apps/server/dist/main.js', port, { HOST: '127.0.0.1', MESHPLAN_DATA_DIR: dataDir });
const model = JSON.parse(readFileSync(file, 'utf8'));
const res = await fetch(`${base}/api/v1/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(model) });
const created = await res.json();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
await context.addInitScript((v) => localStorage.setItem('meshplan.models', v), JSON.stringify([{ id: created.id, token: created.token, name: 'B', updatedAt: new Date().toISOString() }]));
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(`${base}/#/m/${created.id}`);
await page.locator('.react-flow__node').first().waitFor({ timeout: 60000 });
await page.waitForTimeout(2500);
const info = await page.evaluate(() => {
  const zoom = Number(/scale\(([\d.]+)\)/.exec(document.querySelector('.react-flow__viewport').style.transform)?.[1]);
  const cut = [];
  for (const node of document.querySelectorAll('.react-flow__node:not(.react-flow__node-context)')) {
    const box = node.getBoundingClientRect();
    const name = node.querySelector('.element-name');
    if (!name) continue;
    for (const line of name.querySelectorAll('.name-line').length ? name.querySelectorAll('.name-line') : [name]) {
      const range = document.createRange(); range.selectNodeContents(line); const r = range.getBoundingClientRect();
      if (r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5) cut.push(`${node.dataset.id}: ${line.textContent} ${r.right.toFixed(1)}>${box.right.toFixed(1)}`);
    }
  }
  const canvas = document.querySelector('.react-flow').getBoundingClientRect();
  return { zoom, cut, canvas: `${canvas.width}x${canvas.height}`, nodes: document.querySelectorAll('.react-flow__node').length };
});
console.log(JSON.stringify(info));
await page.screenshot({ path: out });
if (process.argv[4]) { for (let i = 0; i < 3; i++) await page.locator('.react-flow__controls-zoomin').click(); await page.waitForTimeout(600); await page.screenshot({ path: process.argv[4] }); }
await browser.close();
await stopProcess(server);
