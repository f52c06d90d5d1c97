// The load test's baseline: a WebSocket server that relays every frame to every other client,
// with nothing else (no Yjs, no authentication, no disk). bench/live.bench.mjs starts it.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const server = createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const other of wss.clients)
      if (other !== ws && other.readyState === 1) other.send(data, { binary: isBinary });
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('bare broadcast ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
