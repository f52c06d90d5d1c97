// `npm run bench`: runs every bench/*.bench.mjs in its own process, one after the other (the
// machine has two cores: running them together would measure each other), then lists the targets.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
const only = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();
let missed = 0;
for (const script of scripts) {
  console.log(`\n== ${script}`);
  const result = spawnSync(process.execPath, ['--expose-gc', new URL(script, dir).pathname], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.log(`  FAILED: ${script} exited with ${result.status}`);
    missed++;
    continue;
  }
  const name = script.replace(/\.bench\.mjs$/, '');
  try {
    const { checks = [] } = JSON.parse(readFileSync(new URL(`./results/${name}.json`, dir), 'utf8'));
    missed += checks.filter((c) => !c.ok).length;
  } catch {
    // A script without checks is informational.
  }
}
console.log(`\n${missed === 0 ? 'every target met' : `${missed} target(s) missed`}`);
