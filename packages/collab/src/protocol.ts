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
  | { type: 'revision'; number: number };

/** Close codes: 4000 + the HTTP status they stand for. */
export const CLOSE = {
  badRequest: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  gone: 4410,
} as const;

export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
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
