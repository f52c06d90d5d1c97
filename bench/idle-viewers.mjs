// Idle viewers for the live load test, in a process of their own so that receiving their share of
// the room's traffic does not slow the process that measures delivery. Opens VIEWERS view-link
// sockets (URL, MODEL, CREDENTIAL from the environment), prints "ready" once all have the document,
// and on SIGTERM prints how many are still open, as JSON, and exits.
import WebSocket from 'ws';

const { URL: base, MODEL: modelId, CREDENTIAL: credential } = process.env;
const count = Number(process.env.VIEWERS ?? 200);

function viewer() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/models/${modelId}/live`);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', credential, name: 'Viewer' })));
    // The first binary frame is the server's sync step 1: the viewer is in the room.
    ws.once('message', () => resolve(ws));
    ws.on('error', reject);
  });
}

const sockets = [];
for (let i = 0; i < count; i++) sockets.push(await viewer());
console.log('ready');
// Stay until told to go, even with no socket open.
const alive = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => {
  const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  console.log(JSON.stringify({ open }));
  for (const ws of sockets) ws.terminate();
  clearInterval(alive);
  process.exit(0);
});
