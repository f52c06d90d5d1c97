import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  ackMessage,
  awarenessMessage,
  CLOSE,
  carriesChanges,
  type Hello,
  type LiveRole,
  readMessage,
  type ServerNotice,
  syncStep1,
  updateMessage,
} from '@meshplan/collab/protocol';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { Credential } from '../actor.js';
import type { ModelStore } from '../store.js';
import { Room } from './room.js';

/** Who a credential is for this model: a role, or the HTTP status of the refusal. */
export type Authorize = (
  modelId: string,
  credential: string,
) => Promise<{ role: LiveRole; credential: Credential } | { status: number }>;

const PATH = /^\/api\/v1\/models\/([A-Za-z0-9_-]{1,64})\/live$/;
/** A peer that says nothing for this long after connecting is dropped. */
const HELLO_TIMEOUT_MS = 10_000;
const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/**
 * After a crash: changes that were acknowledged but not yet folded into a revision are in
 * `live_updates`. Each such model's room opens, writes its revision and closes, so that the REST
 * API sees every acknowledged change before anyone joins.
 */
export async function recoverLive(store: ModelStore, logger: Logger): Promise<number> {
  const pending = await store.db.all<{ model_id: string }>('SELECT DISTINCT model_id FROM live_updates');
  for (const { model_id: modelId } of pending) {
    const room = await Room.open(modelId, store, logger);
    await room?.close();
  }
  if (pending.length > 0) logger.info({ models: pending.length }, 'live changes recovered into revisions');
  return pending.length;
}

export interface LiveServer {
  /** Rooms open now, by model id (tests and the load test look inside). */
  rooms: Map<string, Promise<Room | undefined>>;
  /** Tells everyone on a model (comments, reviews changed; a revision written by the REST API). */
  notify(modelId: string, notice: ServerNotice): void;
  /** A share link of the model was revoked: whoever came in with it leaves. */
  revoked(modelId: string): void;
  close(): Promise<void>;
}

/**
 * Live editing over WebSocket at `/api/v1/models/:id/live`, on the HTTP server's port. One room
 * per model while anyone is there; see `Room` for durability and `@meshplan/collab` for the
 * protocol.
 */
export function attachLive(
  server: Server,
  store: ModelStore,
  authorize: Authorize,
  logger: Logger,
): LiveServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const rooms = new Map<string, Promise<Room | undefined>>();
  let stopping: Promise<void> | undefined;
  // A room that its last peer left writes its revision before the next one opens from the database.
  const closing = new Map<string, Promise<void>>();

  const roomFor = (modelId: string) => {
    let room = rooms.get(modelId);
    if (room === undefined) {
      const before = closing.get(modelId) ?? Promise.resolve();
      room = before
        .then(() => Room.open(modelId, store, logger))
        .then((opened) => {
          if (opened !== undefined) opened.encode = updateMessage;
          return opened;
        });
      rooms.set(modelId, room);
    }
    return room;
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (match === null) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, match[1] as string));
  });

  function serve(ws: WebSocket, modelId: string): void {
    const helloTimer = setTimeout(() => ws.close(CLOSE.unauthorized, 'no hello'), HELLO_TIMEOUT_MS);
    ws.once('message', async (data, isBinary) => {
      clearTimeout(helloTimer);
      let hello: Hello;
      try {
        if (isBinary) throw new Error('binary hello');
        hello = JSON.parse(String(data)) as Hello;
        if (hello.type !== 'hello' || typeof hello.credential !== 'string') throw new Error('bad hello');
      } catch {
        ws.close(CLOSE.badRequest, 'expected {"type":"hello","credential","name"}');
        return;
      }
      const access = await authorize(modelId, hello.credential).catch(() => ({ status: 500 }));
      if ('status' in access) {
        ws.close(4000 + (access.status >= 400 && access.status < 500 ? access.status : 0), 'refused');
        return;
      }
      const room = await roomFor(modelId);
      if (room === undefined || ws.readyState !== WebSocket.OPEN) {
        ws.close(CLOSE.notFound, 'no such model');
        return;
      }
      const name = String(hello.name ?? '').slice(0, 100) || 'Anonymous';
      welcome(ws, room, access.role, name, hello.credential, access.credential);
    });
  }

  function welcome(
    ws: WebSocket,
    room: Room,
    role: LiveRole,
    name: string,
    credential: string,
    which: Credential,
  ): void {
    const mayWrite = role === 'owner' || role === 'edit';
    const peer = {
      name,
      actor: { name, credential: which, role },
      send(data: Uint8Array | string) {
        if (ws.readyState === WebSocket.OPEN) ws.send(data);
      },
      async recheck() {
        const access = await authorize(room.modelId, credential).catch(() => ({ status: 500 }));
        if ('status' in access) ws.close(4000 + access.status, 'link revoked');
      },
    };
    const awarenessIds = new Set<number>();
    let received = 0;
    room.join(peer);
    peer.send(JSON.stringify({ type: 'ready', role } satisfies ServerNotice));
    peer.send(syncStep1(room.doc));
    const states = [...room.awareness.getStates().keys()];
    if (states.length > 0) peer.send(awarenessMessage(room.awareness, states));

    const onAwareness = (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      if (origin === peer) for (const id of [...added, ...updated]) awarenessIds.add(id);
      const changed = [...added, ...updated, ...removed];
      const message = awarenessMessage(room.awareness, changed);
      for (const other of room.peers) other.send(message);
    };
    room.awareness.on('update', onAwareness);

    ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      try {
        const bytes = new Uint8Array(data as Buffer);
        const result = readMessage(bytes, room.doc, room.awareness, peer, mayWrite);
        if (result.reply !== undefined) peer.send(result.reply);
        if (mayWrite && carriesChanges(bytes)) {
          const count = ++received;
          // Acknowledged once on disk: the room's queue writes before it answers.
          void room.flushed().then(() => peer.send(ackMessage(count)));
        }
      } catch (error) {
        logger.warn({ err: error, model: room.modelId }, 'bad live frame');
        ws.close(CLOSE.badRequest, 'bad frame');
      }
    });
    ws.on('close', () => {
      room.awareness.off('update', onAwareness);
      room.leave(peer, [...awarenessIds]);
      if (room.peers.size === 0) {
        rooms.delete(room.modelId);
        const done = room.close().finally(() => {
          if (closing.get(room.modelId) === done) closing.delete(room.modelId);
        });
        closing.set(room.modelId, done);
      }
    });
  }

  return {
    rooms,
    revoked(modelId) {
      void rooms.get(modelId)?.then((room) => {
        for (const peer of room?.peers ?? []) void peer.recheck?.();
      });
    },
    notify(modelId, notice) {
      const room = rooms.get(modelId);
      if (room === undefined) return;
      void room.then((opened) => {
        if (opened === undefined) return;
        if (notice.type === 'revision') void opened.adopt(notice.number);
        const text = JSON.stringify(notice);
        for (const peer of opened.peers) peer.send(text);
      });
    },
    close() {
      stopping ??= (async () => {
        for (const client of wss.clients) client.close(1001, 'server stopping');
        await Promise.all([...rooms.values()].map(async (room) => (await room)?.close()));
        await Promise.all(closing.values());
        rooms.clear();
        wss.close();
      })();
      return stopping;
    },
  };
}
