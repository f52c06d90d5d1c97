import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/**
 * The live-editing wire protocol, shared by the server, the editor and the load test. One
 * WebSocket per person and model. The first frame is text: `{ type: "hello", credential, name }`
 * (the credential travels in a frame, never in the URL, so it stays out of logs). The server
 * answers `{ type: "ready", role }` or closes with one of `CLOSE`. Then binary frames carry the
 * y-protocols sync and awareness messages, and the server's acknowledgements: `ACK n` says that
 * the first n updates this connection sent are on disk. Text frames from the server announce
 * comments, reviews and revisions written by others.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_ACK = 2;

export type LiveRole = 'owner' | 'edit' | 'comment' | 'view';

export interface Hello {
  type: 'hello';
  credential: string;
  name: string;
}

export type ServerNotice =
  | { type: 'ready'; role: LiveRole }
  | { type: 'comments' }
  | { type: 'reviews' }
  | { type: 'revision'; number: number }
  /**
   * A change of this connection would have made the model invalid: the server did not keep it and
   * sent, as an ordinary update, the change that undoes it here. `errors` name the places.
   */
  | { type: 'refused'; errors: { path: string; message: string }[] };

/**
 * Close codes: 4000 + the HTTP status they stand for. A client reconnects after `slowReader`,
 * `tooMany` and `unavailable` (with backoff); the others end the session.
 */
export const CLOSE = {
  badRequest: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  /** The connection fell behind: more unsent data was queued for it than the server keeps. */
  slowReader: 4408,
  gone: 4410,
  tooLarge: 4413,
  /** Too many messages or bytes a second, or too many connections (room, address, server). */
  tooMany: 4429,
  /** The room failed (its storage refused a write, say): changes not acknowledged go again. */
  unavailable: 4503,
  /**
   * The server instance is stopping (a deploy, a scale-down) and handed the room over: connect
   * again at once, without backoff; behind a load balancer that reaches another instance.
   */
  handover: 4307,
} as const;

/** Close codes after which a client tries again: the others mean it may not come back. */
export const RETRYABLE_CLOSE: readonly number[] = [
  CLOSE.slowReader,
  CLOSE.tooMany,
  CLOSE.unavailable,
  CLOSE.handover,
];

export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** The answer to a sync step 1: what the asker (whose state vector this is) lacks. */
export function syncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

export interface PresenceEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text (`null` when the client left). */
  state: string;
}

/**
 * The entries of a y-protocols awareness update (the payload of an awareness message), so that
 * the server can check whose they are before applying them; undefined when it cannot be read or
 * holds more than `maxEntries`.
 */
export function readPresence(update: Uint8Array, maxEntries = 16): PresenceEntry[] | undefined {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > maxEntries) return undefined;
    const entries: PresenceEntry[] = [];
    for (let i = 0; i < count; i++) {
      entries.push({
        clientId: decoding.readVarUint(decoder),
        clock: decoding.readVarUint(decoder),
        state: decoding.readVarString(decoder),
      });
    }
    return entries;
  } catch {
    return undefined;
  }
}

/** An awareness update of one entry, as y-protocols encodes it. */
export function writePresence(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  return encoding.toUint8Array(encoder);
}

export function ackMessage(count: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_ACK);
  encoding.writeVarUint(encoder, count);
  return encoding.toUint8Array(encoder);
}

/** A sync step 2: the answer to a step 1, the whole state the asker lacked. */
export function isSyncStep2(bytes: Uint8Array): boolean {
  return bytes[0] === MESSAGE_SYNC && bytes[1] === syncProtocol.messageYjsSyncStep2;
}

/** A sync step 2 or an update: a frame that carries document changes (what the server acknowledges). */
export function carriesChanges(bytes: Uint8Array): boolean {
  return isSyncStep2(bytes) || (bytes[0] === MESSAGE_SYNC && bytes[1] === syncProtocol.messageYjsUpdate);
}

export interface Received {
  /** A message to send back (sync step 2 in answer to step 1). */
  reply?: Uint8Array;
  /** The server's acknowledgement count, on the client side. */
  ack?: number;
  /** The peer sent document changes that `mayWrite` kept out. */
  refused?: boolean;
}

/**
 * Reads one binary frame into `doc` and `awareness`. Document changes are applied with `origin`
 * only when `mayWrite` (a view or comment link reads the model but cannot change it).
 */
export function readMessage(
  data: Uint8Array,
  doc: Y.Doc,
  awareness: awarenessProtocol.Awareness,
  origin: unknown,
  mayWrite: boolean,
): Received {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MESSAGE_SYNC: {
      const step = decoding.readVarUint(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.readSyncStep1(decoder, encoder, doc);
        return { reply: encoding.toUint8Array(encoder) };
      }
      if (!mayWrite) return { refused: true };
      if (step === syncProtocol.messageYjsSyncStep2) syncProtocol.readSyncStep2(decoder, doc, origin);
      else if (step === syncProtocol.messageYjsUpdate) syncProtocol.readUpdate(decoder, doc, origin);
      return {};
    }
    case MESSAGE_AWARENESS:
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), origin);
      return {};
    case MESSAGE_ACK:
      return { ack: decoding.readVarUint(decoder) };
    default:
      return {};
  }
}
