import { configFromEnv } from './config.js';
import { startServer } from './server.js';

const config = configFromEnv();
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
