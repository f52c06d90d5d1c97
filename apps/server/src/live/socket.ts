import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  ackMessage,
  awarenessMessage,
  CLOSE,
  type Hello,
  type LiveRole,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  type ServerNotice,
  syncStep1,
} from '@meshplan/collab/protocol';
import * as decoding from 'lib0/decoding';
import type { Logger } from 'pino';
import proxyAddr from 'proxy-addr';
import { WebSocket, WebSocketServer } from 'ws';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import type { Credential } from '../actor.js';
import type { ModelStore } from '../store.js';
import type { Fanout, FanoutMessage } from './fanout.js';
import { Bucket, type LiveLimits } from './limits.js';
import type { SetAside } from './repository.js';
import { type Peer, Room, UnfoldableRoom } from './room.js';

/** Who a credential is for this model: a role (until when), or the HTTP status of the refusal. */
export type Authorize = (
  modelId: string,
  credential: string,
) => Promise<{ role: LiveRole; credential: Credential; expiresAt?: string | null } | { status: number }>;

const PATH = /^\/api\/v1\/models\/([A-Za-z0-9_-]{1,64})\/live$/;
const MAX_HELLO_BYTES = 4096;
/** How long a closed connection may take to say goodbye before its socket is cut. */
const CLOSE_GRACE_MS = 1000;

export interface LiveDeps {
  store: ModelStore;
  authorize: Authorize;
  logger: Logger;
  limits: LiveLimits;
  /** Proxies whose `X-Forwarded-For` is believed for the per-address cap (as the REST API's TRUST_PROXY). */
  trustProxy?: string[];
  /** The other instances on the same database (live/fanout.ts); `local` on SQLite. */
  fanout: Fanout;
}

/**
 * After a crash: changes that were acknowledged but not yet folded into a revision are in
 * `live_updates`. Each such model's room opens, writes its revision and closes, so that the REST
 * API sees every acknowledged change before anyone joins. One model that cannot be folded is set
 * aside (its rows kept in `live_set_aside`, the reason logged): start-up goes on with the others.
 */
export async function recoverLive(deps: Omit<LiveDeps, 'authorize'>) {
  const pending = await deps.store.live.modelsWithUpdates();
  let recovered = 0;
  for (const modelId of pending) {
    try {
      // Another instance holds its lease: its room is open there and folds these rows itself.
      const holder = await deps.store.live.leaseHolder(modelId);
      if (holder !== undefined && holder !== deps.fanout.instanceId) continue;
      const room = await openRoom(modelId, deps, () => undefined);
      await room?.close();
      recovered++;
    } catch (error) {
      deps.logger.error({ model: modelId, err: error }, 'live changes of a model could not be recovered');
    }
  }
  if (pending.length > 0)
    deps.logger.info({ models: pending.length, recovered }, 'live changes recovered into revisions');
  return recovered;
}

/**
 * Opens a model's room; a room whose saved live rows do not make a valid model has them set aside
 * and opens again from the current revision.
 */
async function openRoom(
  modelId: string,
  deps: Pick<LiveDeps, 'store' | 'logger' | 'limits' | 'fanout'>,
  onFail: (room: Room) => void,
): Promise<Room | undefined> {
  const roomDeps = {
    store: deps.store,
    logger: deps.logger,
    guard: { maxModelBytes: deps.limits.maxModelBytes, maxDepth: deps.limits.maxDepth },
    revision: { pauseMs: deps.limits.revisionPauseMs, maxDelayMs: deps.limits.revisionMaxDelayMs },
    onFail,
    instanceId: deps.fanout.instanceId,
    fanout: deps.fanout,
    leaseMs: deps.limits.leaseMs,
  };
  try {
    return await Room.open(modelId, roomDeps);
  } catch (error) {
    if (!(error instanceof UnfoldableRoom)) throw error;
    deps.logger.error(
      { model: modelId, err: error },
      'live changes set aside; the room opens from the last revision',
    );
    await deps.store.live.setAside(modelId, error.message);
    return Room.open(modelId, roomDeps);
  }
}

export interface LiveServer {
  /** Rooms open now, by model id (tests and the load test look inside). */
  rooms: Map<string, Promise<Room | undefined>>;
  /** Tells everyone on a model (comments, reviews changed; a revision written by the REST API). */
  notify(modelId: string, notice: ServerNotice): void;
  /**
   * Writes the model's live changes as a revision now, before a review is recorded on it: the
   * number of the revision that holds what everyone in the room sees (undefined: no room open).
   */
  fold(modelId: string): Promise<number | undefined>;
  /** A share link of the model was revoked: whoever came in with it leaves. */
  revoked(modelId: string): void;
  /** The model was deleted: everyone leaves at once and nothing more is written. */
  deleted(modelId: string): void;
  /** Another instance folded the model into `revision`: the peers here hear of it. */
  folded(modelId: string, revision: number): void;
  /** Updates, presence and lease releases of other instances (live/fanout.ts). */
  remote(message: FanoutMessage): void;
  /** The fan-out channel was down: every open room reads back what it may have missed. */
  resync(): Promise<void>;
  /** Open sockets and rooms now, and of these rooms how many this instance folds (for `/metrics`). */
  counts(): { sockets: number; rooms: number; holding: number };
  /** For `/readyz`: open sockets and rooms, and what was set aside. */
  health(): Promise<{ sockets: number; rooms: number; holding: number; setAside: SetAside[] }>;
  /**
   * Stops: every socket is closed with `CLOSE.handover` (the client reconnects at once, to
   * another instance), then each room writes its last revision and gives its lease up.
   */
  close(): Promise<void>;
}

/**
 * Live editing over WebSocket at `/api/v1/models/:id/live`, on the HTTP server's port. One room
 * per model while anyone is there; see `Room` for checking and durability, `LiveLimits` for what
 * one connection may use, and `@meshplan/collab` for the protocol.
 */
export function attachLive(server: Server, deps: LiveDeps): LiveServer {
  const { logger, limits } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
  const rooms = new Map<string, Promise<Room | undefined>>();
  const trust = deps.trustProxy?.length ? proxyAddr.compile(deps.trustProxy) : () => false;
  const socketsByAddress = new Map<string, number>();
  let sockets = 0;
  let stopping: Promise<void> | undefined;
  // A room that its last peer left writes its revision before the next one opens from the database.
  const closing = new Map<string, Promise<void>>();

  // Each open room renews its fold lease, or takes it over once its holder stopped renewing.
  const leaseTimer = setInterval(() => {
    for (const pending of rooms.values())
      void pending.then((room) => room?.renewLease()).catch(() => undefined);
  }, limits.leaseRenewMs);
  leaseTimer.unref();

  /** The rooms that opened and are not closed yet (for counts). */
  const loaded = new Set<Room>();
  const forget = (room: Room) => {
    loaded.delete(room);
    void rooms.get(room.modelId)?.then((current) => {
      if (current === room) rooms.delete(room.modelId);
    });
  };

  const roomFor = (modelId: string) => {
    let room = rooms.get(modelId);
    if (room === undefined) {
      const before = closing.get(modelId) ?? Promise.resolve();
      room = before.then(() => openRoom(modelId, deps, forget));
      room.then((opened) => opened && loaded.add(opened)).catch(() => undefined);
      // A room that could not open is not kept: the next connection tries again.
      room.catch(() => rooms.delete(modelId));
      rooms.set(modelId, room);
    }
    return room;
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (match === null) return refuseUpgrade(socket, 404, 'Not Found');
    // Behind a trusted proxy every socket comes from it: count the address it forwards for.
    const address = proxyAddr(req, trust) || 'unknown';
    if (sockets >= limits.maxSockets) return refuseUpgrade(socket, 503, 'Service Unavailable');
    if ((socketsByAddress.get(address) ?? 0) >= limits.maxSocketsPerAddress)
      return refuseUpgrade(socket, 429, 'Too Many Requests');
    sockets++;
    socketsByAddress.set(address, (socketsByAddress.get(address) ?? 0) + 1);
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      sockets--;
      const left = (socketsByAddress.get(address) ?? 1) - 1;
      if (left <= 0) socketsByAddress.delete(address);
      else socketsByAddress.set(address, left);
    };
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', release);
      serve(ws, match[1] as string);
    });
  });

  function serve(ws: WebSocket, modelId: string): void {
    const helloTimer = setTimeout(() => ws.close(CLOSE.unauthorized, 'no hello'), limits.helloTimeoutMs);
    ws.on('error', (error) => logger.debug({ err: error, model: modelId }, 'live socket error'));
    ws.once('message', async (data, isBinary) => {
      clearTimeout(helloTimer);
      let hello: Hello;
      try {
        if (isBinary || byteLength(data) > MAX_HELLO_BYTES) throw new Error('bad hello');
        hello = JSON.parse(String(data)) as Hello;
        if (hello?.type !== 'hello' || typeof hello.credential !== 'string') throw new Error('bad hello');
      } catch {
        ws.close(CLOSE.badRequest, 'expected {"type":"hello","credential","name"}');
        return;
      }
      const access = await deps.authorize(modelId, hello.credential).catch(() => ({ status: 500 }));
      if ('status' in access) {
        ws.close(4000 + (access.status >= 400 && access.status < 500 ? access.status : 503), 'refused');
        return;
      }
      // The owner without a name goes by the name the owner token last wrote with, as over REST.
      const sent = String(hello.name ?? '').slice(0, 100);
      const ownName =
        sent === '' && access.credential === 'owner'
          ? await deps.store.ownerName(modelId).catch(() => undefined)
          : undefined;
      const name = sent || ownName || 'Anonymous';
      let room: Room | undefined;
      try {
        room = await roomFor(modelId);
      } catch (error) {
        logger.error({ model: modelId, err: error }, 'live room could not open');
        ws.close(CLOSE.unavailable, 'the live room could not open');
        return;
      }
      if (room === undefined || !room.open) {
        ws.close(room === undefined ? CLOSE.notFound : CLOSE.unavailable, 'no such model');
        return;
      }
      if (ws.readyState !== WebSocket.OPEN) {
        if (room.peers.size === 0) leaveRoom(room);
        return;
      }
      if (room.peers.size >= limits.maxPeersPerRoom) {
        ws.close(CLOSE.tooMany, 'the room is full');
        return;
      }
      welcome(
        ws,
        room,
        { role: access.role, credential: access.credential, expiresAt: access.expiresAt ?? null },
        name,
        hello.credential,
      );
    });
  }

  function welcome(
    ws: WebSocket,
    room: Room,
    access: { role: LiveRole; credential: Credential; expiresAt: string | null },
    name: string,
    credential: string,
  ): void {
    const mayWrite = access.role === 'owner' || access.role === 'edit';
    const expiresAt = access.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(access.expiresAt);
    let closed = false;
    const close = (code: number, reason: string) => {
      if (closed) return;
      closed = true;
      ws.close(code, reason);
      // A peer that does not read will not answer the close either.
      setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    };
    const peer: Peer = {
      name,
      role: access.role,
      actor: { name, credential: access.credential, role: access.role },
      send(data) {
        if (closed || ws.readyState !== WebSocket.OPEN) return;
        if (ws.bufferedAmount > limits.sendBufferBytes) {
          close(CLOSE.slowReader, 'too far behind; reconnect');
          return;
        }
        ws.send(data);
      },
      close,
      async recheck() {
        const again = await deps.authorize(room.modelId, credential).catch(() => ({ status: 500 }));
        if ('status' in again) close(4000 + again.status, 'access ended');
      },
    };
    const expiry =
      Number.isFinite(expiresAt) &&
      setTimeout(
        () => close(CLOSE.gone, 'link expired'),
        Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)),
      );
    const messages = new Bucket(limits.messagesPerSecond, limits.messagesPerSecond * 2);
    const writeBytes = new Bucket(limits.writeBytesPerMinute / 60, limits.writeBytesPerMinute);
    const stateRequests = throttled(limits.fullStateIntervalMs, (stateVector: Uint8Array) => {
      if (room.open) peer.send(room.stateFor(stateVector));
    });
    let received = 0;

    room.join(peer);
    peer.send(JSON.stringify({ type: 'ready', role: access.role } satisfies ServerNotice));
    peer.send(syncStep1(room.doc));
    const states = [...room.awareness.getStates().keys()];
    if (states.length > 0) peer.send(awarenessMessage(room.awareness, states));

    ws.on('message', (data, isBinary) => {
      if (closed) return;
      if (!messages.take()) return close(CLOSE.tooMany, 'too many messages');
      if (Date.now() >= expiresAt) return close(CLOSE.gone, 'link expired');
      if (!isBinary) return close(CLOSE.badRequest, 'expected binary frames');
      try {
        const bytes = new Uint8Array(data as Buffer);
        const decoder = decoding.createDecoder(bytes);
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_AWARENESS) {
          const update = decoding.readVarUint8Array(decoder);
          if (!room.presence(peer, update, limits.maxPresenceBytes))
            close(CLOSE.badRequest, 'presence refused');
          return;
        }
        if (type !== MESSAGE_SYNC) return;
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === messageYjsSyncStep1) return stateRequests(payload);
        if (step !== messageYjsSyncStep2 && step !== messageYjsUpdate) return;
        // A view or comment link reads the model but cannot change it.
        if (!mayWrite) return;
        if (!writeBytes.take(payload.byteLength)) return close(CLOSE.tooMany, 'too many bytes of changes');
        // Below the disk's free-space floor nothing more is taken: the change stays with its sender,
        // which reconnects with backoff and sends it again once there is room.
        if (!deps.store.quotas.storage().ok)
          return close(CLOSE.unavailable, 'the server is out of disk space');
        const count = ++received;
        const receipt = room.receive(peer, payload);
        if (receipt.malformed) return close(CLOSE.badRequest, 'unreadable update');
        receipt.persisted.then(
          () => peer.send(ackMessage(count)),
          () => close(CLOSE.unavailable, 'not stored; reconnect'),
        );
      } catch (error) {
        logger.warn({ err: error, model: room.modelId }, 'bad live frame');
        close(CLOSE.badRequest, 'bad frame');
      }
    });
    ws.on('close', () => {
      closed = true;
      if (expiry !== false) clearTimeout(expiry);
      stateRequests.cancel();
      room.leave(peer);
      if (room.peers.size === 0) leaveRoom(room);
    });
  }

  /** The last peer left: the room writes its revision and goes (a new one opens from disk). */
  function leaveRoom(room: Room): void {
    void rooms.get(room.modelId)?.then((current) => {
      if (current !== room || room.peers.size > 0) return;
      rooms.delete(room.modelId);
      const done = room.close().finally(() => {
        loaded.delete(room);
        if (closing.get(room.modelId) === done) closing.delete(room.modelId);
      });
      closing.set(room.modelId, done);
    });
  }

  /** Rooms whose fold lease this instance holds. */
  const holding = () => {
    let count = 0;
    for (const room of loaded) if (room.open && room.holder) count++;
    return count;
  };

  const opened = (modelId: string, then: (room: Room) => void) => {
    void rooms
      .get(modelId)
      ?.then((room) => {
        if (room?.open) then(room);
      })
      .catch(() => undefined);
  };

  return {
    rooms,
    async fold(modelId) {
      const leaving = closing.get(modelId);
      if (leaving !== undefined) {
        // The last peer just left: the closing room writes the revision; it is the current one.
        await leaving;
        return (await deps.store.current(modelId))?.revision;
      }
      const room = await rooms.get(modelId)?.catch(() => undefined);
      if (room === undefined || !room.open) return undefined;
      await room.writeRevision();
      return room.open ? room.lastRevision : undefined;
    },
    revoked(modelId) {
      opened(modelId, (room) => {
        for (const peer of room.peers) void peer.recheck?.();
      });
    },
    deleted(modelId) {
      opened(modelId, (room) =>
        room.fail(new Error('model deleted'), CLOSE.notFound, 'the model was deleted'),
      );
    },
    folded(modelId, revision) {
      opened(modelId, (room) => room.folded(revision));
    },
    remote(message) {
      // From the database's channel: still bounded and checked before use.
      const decode = (data: string) => new Uint8Array(Buffer.from(data, 'base64'));
      opened(message.m, (room) => {
        try {
          if (message.k === 'u') {
            if (message.d !== undefined) room.applyRemote(decode(message.d));
            else
              room
                .fetchRemote(message.a, message.b)
                .catch((error: unknown) =>
                  logger.warn({ err: error, model: room.modelId }, 'live catch-up failed'),
                );
          } else if (message.k === 'p') room.applyPresence(decode(message.d));
          else if (message.k === 'l') void room.renewLease();
        } catch (error) {
          logger.warn({ err: error, model: message.m, kind: message.k }, 'live fan-out message not applied');
        }
      });
    },
    async resync() {
      await Promise.all(
        [...rooms.values()].map(async (pending) => {
          const room = await pending.catch(() => undefined);
          if (room?.open)
            await room
              .catchUp()
              .catch((error: unknown) =>
                logger.warn({ err: error, model: room.modelId }, 'live catch-up failed'),
              );
        }),
      );
    },
    counts() {
      return { sockets, rooms: rooms.size, holding: holding() };
    },
    notify(modelId, notice) {
      opened(modelId, (room) => {
        if (notice.type === 'revision') void room.adopt(notice.number);
        const text = JSON.stringify(notice);
        for (const peer of room.peers) peer.send(text);
      });
    },
    async health() {
      return {
        sockets,
        rooms: rooms.size,
        holding: holding(),
        setAside: await deps.store.live.setAsideList(10),
      };
    },
    close() {
      stopping ??= (async () => {
        clearInterval(leaseTimer);
        for (const client of wss.clients) client.close(CLOSE.handover, 'server stopping; reconnect');
        await Promise.all(
          [...rooms.values()].map(async (room) => (await room.catch(() => undefined))?.close()),
        );
        await Promise.all(closing.values());
        rooms.clear();
        wss.close();
      })();
      return stopping;
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function byteLength(data: unknown): number {
  if (Buffer.isBuffer(data)) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((sum: number, part: Buffer) => sum + part.byteLength, 0);
  return (data as ArrayBuffer).byteLength ?? 0;
}

/** Calls `answer` at most once per `intervalMs`; calls in between are folded into one, with the latest argument. */
function throttled<T>(intervalMs: number, answer: (value: T) => void) {
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  let latest: T | undefined;
  const call = (value: T) => {
    latest = value;
    if (timer !== undefined) return;
    const wait = last + intervalMs - Date.now();
    const run = () => {
      timer = undefined;
      last = Date.now();
      answer(latest as T);
    };
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  call.cancel = () => clearTimeout(timer);
  return call;
}
