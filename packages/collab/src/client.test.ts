import { afterEach, describe, expect, it } from 'vitest';
import { LiveClient, type WebSocketLike } from './client.js';
import { CLOSE } from './protocol.js';

/** A socket that never connects anywhere: the test closes it with the code a server would send. */
class FakeSocket implements WebSocketLike {
  static made: FakeSocket[] = [];
  binaryType = '';
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(): void {}
  close(code = 1000, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

const clients: LiveClient[] = [];
function client() {
  const made = new LiveClient({
    url: 'ws://example.invalid/api/v1/models/m/live',
    credential: 'c',
    name: 'n',
    WebSocket: FakeSocket,
    reconnect: true,
  });
  clients.push(made);
  return made;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  FakeSocket.made = [];
});

describe('LiveClient reconnection', () => {
  it('connects again at once after the handover code (an instance stopping), without backoff', async () => {
    client();
    FakeSocket.made[0]?.close(CLOSE.handover, 'server stopping; reconnect');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(FakeSocket.made).toHaveLength(2);
    // Again and again: a handover never builds up a backoff.
    FakeSocket.made[1]?.close(CLOSE.handover, 'server stopping; reconnect');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(FakeSocket.made).toHaveLength(3);
  });

  it('waits before connecting again after a failure (backoff)', async () => {
    client();
    FakeSocket.made[0]?.close(CLOSE.unavailable, 'live room failed; reconnect');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(FakeSocket.made).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(FakeSocket.made).toHaveLength(2);
  });
});
