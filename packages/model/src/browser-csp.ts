import { config } from 'zod';

// zod 4 probes `Function('')` once, when the first object schema is built, to compile faster
// parsers. The editor's CSP has no 'unsafe-eval', so in a browser (page or worker) that probe is
// reported as a `script-src` violation on every load: there, parse without compiling. schema.ts
// imports this first, so it runs before any schema is built, whatever chunk the bundler makes.
// Node (server, CLI) keeps the compiled parsers.
const inBrowser =
  typeof (globalThis as { document?: unknown }).document !== 'undefined' ||
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
if (inBrowser) config({ jitless: true });
