// Shared helpers of the benchmark scripts: timing by median of repeated runs after warm-up, and
// result files. Figures are reported as ratios against a baseline measured in the same run,
// because the machine is shared and noisy.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

/**
 * Median wall time in ms of `fn`, after `warmup` untimed runs (and, with `warmupMs`, untimed runs
 * until that much time has passed: small inputs need many runs before V8 optimises the code that
 * large ones get optimised within one); `before` runs untimed before each timed run.
 */
export function time(fn, { runs = 7, warmup = 2, warmupMs = 0, before } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  for (const start = performance.now(); performance.now() - start < warmupMs; ) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    // Untimed preparation of each run (a collection, say).
    before?.();
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

/** The middle value (the lower of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function check(name, value, op, limit) {
  const ok = op === '<=' ? value <= limit : value >= limit;
  return { name, value: Number(value.toFixed(3)), target: `${op} ${limit}`, ok };
}

export function printChecks(checks) {
  for (const c of checks)
    console.log(`  ${c.ok ? 'PASS' : 'MISS'}  ${c.name}: ${c.value} (target ${c.target})`);
}

export function writeResult(name, result) {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${name}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
}

const root = new URL('../', import.meta.url).pathname;

/** Starts `script` (relative to the repository) in a process of its own; resolves once it says it is ready. */
export function startProcess(script, port, env = {}) {
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the process under test.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      if (/ready|running/.test(chunk.toString())) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** Stops a process started by `startProcess` (SIGTERM) and waits for it to exit. */
export function stopProcess(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}
