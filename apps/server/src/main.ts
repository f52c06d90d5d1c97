import { configFromEnv } from './config.js';
import { startServer } from './server.js';

const config = configFromEnv();
// The last line of defence: a promise nobody awaited must not take every model down with it.
// Each is a bug to fix; it is logged where operators look, and the server keeps serving.
process.on('unhandledRejection', (reason) => {
  console.error('meshplan: unhandled rejection (a bug; the server goes on):', reason);
});
const running = await startServer(config);
console.log(
  `Meshplan is running on http://localhost:${new URL(running.url).port} (data in ${config.dataDir})`,
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
