import type { BrowserContext } from '@playwright/test';

/**
 * Routes a context's live sockets through a switch: on, they reach the server; off, the open
 * ones drop and new ones are refused, as when the server is out of reach while the page stays
 * loaded (Chromium's offline emulation leaves open WebSockets alone).
 */
export async function liveSwitch(context: BrowserContext) {
  let reachable = true;
  const open = new Set<{ close(): Promise<void> }>();
  await context.routeWebSocket(/\/live$/, (socket) => {
    if (!reachable) return void socket.close({ code: 1006, reason: 'unreachable' });
    socket.connectToServer();
    open.add(socket);
  });
  return {
    async off() {
      reachable = false;
      await Promise.all([...open].map((socket) => socket.close()));
      open.clear();
    },
    on() {
      reachable = true;
    },
  };
}
