import {
  type Edge,
  FORMAT,
  type Message,
  type Model,
  type Node,
  type ServiceNode,
  type TopicNode,
} from '@meshplan/model';
import { ImportError } from './errors.js';
import { IdAllocator } from './ids.js';
import type { Broker } from './images.js';
import { isRecord, readDocuments, type SourceDocument, scalarText } from './input.js';
import { RefInliner } from './refs.js';
import { Reporter } from './report.js';
import type { ImportFile, ImportResult, SourceLocation } from './types.js';

/** What the document's own service does on a channel, in the model's terms. */
type Direction = 'publish' | 'subscribe';

interface ChannelUse {
  channel: string;
  direction: Direction;
  messages: Message[];
  source: SourceLocation;
}

/**
 * An AsyncAPI 2.6 or 3.x document → a topic per channel with its messages, and the document's
 * service joined to each: `publish` edges where it sends, `subscribe` edges where it receives.
 *
 * 2.x names operations from the point of view of the other party: a channel's `publish` says
 * that others may publish to this service, so the service subscribes; `subscribe` says that
 * others may subscribe to what the service sends, so the service publishes. 3.x says it
 * directly: `send` is a publish edge, `receive` a subscribe edge.
 */
export function importAsyncApi(files: readonly ImportFile[]): ImportResult {
  const file = files[0];
  if (file === undefined) throw new ImportError('no files to import', { path: '(input)' });
  const reporter = new Reporter();
  for (const extra of files.slice(1)) {
    reporter.unmapped('only one AsyncAPI document is imported at a time; this file is not read', {
      path: extra.path,
    });
  }
  const document = readDocuments(file)[0];
  if (document === undefined) throw new ImportError('the file is empty', { path: file.path });
  const root = document.value;
  if (!isRecord(root))
    throw new ImportError('not an AsyncAPI document: expected a mapping', document.locate());
  const version = scalarText(root.asyncapi);
  if (version === undefined) {
    throw new ImportError('not an AsyncAPI document: no "asyncapi" field', document.locate());
  }
  const refs = new RefInliner(root, reporter);
  let uses: ChannelUse[];
  if (/^2\.[0-6]\./.test(`${version}.`)) uses = readVersion2(root, document, refs);
  else if (/^3\./.test(version)) uses = readVersion3(root, document, refs, reporter);
  else {
    throw new ImportError(
      `AsyncAPI ${version} is not supported; this importer reads 2.0 to 2.6 and 3.x`,
      document.locate(['asyncapi']),
    );
  }

  const info = isRecord(root.info) ? root.info : {};
  const title = scalarText(info.title) ?? 'service';
  const ids = new IdAllocator();
  const description = scalarText(info.description);
  const service: ServiceNode = {
    id: ids.allocate(title.toLowerCase(), 'service'),
    kind: 'service',
    name: title,
    ...(description === undefined ? {} : { description: description.trim() }),
  };
  const broker = brokerOf(root.servers, document, reporter);
  const channels = isRecord(root.channels) ? root.channels : {};
  const topics = new Map<string, TopicNode>();
  for (const [key, raw] of Object.entries(channels)) {
    const channel = refs.deref(raw);
    const address = isRecord(channel) ? scalarText(channel.address) : undefined;
    const channelDescription = isRecord(channel) ? scalarText(channel.description) : undefined;
    const about = [
      address === undefined || address === key ? undefined : `address ${address}`,
      channelDescription,
    ]
      .filter((part) => part !== undefined)
      .join('. ');
    topics.set(key, {
      id: ids.allocate(key, 'topic'),
      kind: 'topic',
      name: key,
      broker,
      ...(about === '' ? {} : { description: about }),
      messages: [],
    });
  }
  const edges: Edge[] = [];
  for (const use of uses) {
    const topic = topics.get(use.channel);
    if (topic === undefined) {
      reporter.unmapped(
        `operation on channel ${use.channel}, which the document does not define`,
        use.source,
      );
      continue;
    }
    for (const message of use.messages) {
      if (!topic.messages?.some((known) => known.name === message.name)) topic.messages?.push(message);
    }
    const names = use.messages.map((message) => message.name);
    const [from, to] = use.direction === 'publish' ? [service.id, topic.id] : [topic.id, service.id];
    const existing = edges.find((edge) => edge.from === from && edge.to === to);
    if (existing !== undefined && (existing.kind === 'publish' || existing.kind === 'subscribe')) {
      existing.messages = [...new Set([...(existing.messages ?? []), ...names])];
      continue;
    }
    edges.push({
      id: ids.allocate(`${service.id}.${use.direction}.${topic.id}`, 'edge'),
      kind: use.direction,
      from,
      to,
      ...(names.length === 0 ? {} : { messages: names }),
    });
  }
  for (const topic of topics.values()) if (topic.messages?.length === 0) delete topic.messages;
  const nodes: Node[] = [service, ...topics.values()];
  const model: Model = { format: FORMAT, name: title, nodes, edges };
  return { model, report: reporter.report };
}

function readVersion2(
  root: Record<string, unknown>,
  document: SourceDocument,
  refs: RefInliner,
): ChannelUse[] {
  const uses: ChannelUse[] = [];
  const channels = isRecord(root.channels) ? root.channels : {};
  for (const [channel, raw] of Object.entries(channels)) {
    const item = refs.deref(raw);
    if (!isRecord(item)) continue;
    for (const [operation, direction] of [
      ['publish', 'subscribe'],
      ['subscribe', 'publish'],
    ] as const) {
      const spec = refs.deref(item[operation]);
      if (!isRecord(spec)) continue;
      const source = document.locate(['channels', channel, operation]);
      // `message` is one message or `{ oneOf: [...] }`.
      const message = refs.deref(spec.message);
      const list = isRecord(message) && Array.isArray(message.oneOf) ? message.oneOf : [message];
      const messages = list.flatMap((entry, index) =>
        readMessage(entry, scalarText(spec.operationId) ?? `${channel}-message-${index + 1}`, refs, source),
      );
      uses.push({ channel, direction, messages, source });
    }
  }
  return uses;
}

function readVersion3(
  root: Record<string, unknown>,
  document: SourceDocument,
  refs: RefInliner,
  reporter: Reporter,
): ChannelUse[] {
  const uses: ChannelUse[] = [];
  const operations = isRecord(root.operations) ? root.operations : {};
  for (const [name, raw] of Object.entries(operations)) {
    const operation = refs.deref(raw);
    const source = document.locate(['operations', name]);
    if (!isRecord(operation)) continue;
    const action = scalarText(operation.action);
    if (action !== 'send' && action !== 'receive') {
      reporter.unmapped(`operation ${name} has action "${action ?? ''}", not send or receive`, source);
      continue;
    }
    const channelRef = isRecord(operation.channel) ? scalarText(operation.channel.$ref) : undefined;
    const channel = channelRef?.match(/^#\/channels\/([^/]+)$/)?.[1];
    if (channel === undefined) {
      reporter.unmapped(`operation ${name} names no channel of this document`, source);
      continue;
    }
    const channelKey = decodeURIComponent(channel).replace(/~1/g, '/').replace(/~0/g, '~');
    // An operation lists its messages by ref into the channel; without a list, all the channel's.
    const listed = Array.isArray(operation.messages)
      ? operation.messages.map((entry) => {
          const ref = isRecord(entry) ? scalarText(entry.$ref) : undefined;
          return { key: ref?.split('/').pop() ?? name, value: entry };
        })
      : Object.entries(record(record(refs.deref(record(root.channels)[channelKey])).messages)).map(
          ([key, value]) => ({
            key,
            value,
          }),
        );
    const messages = listed.flatMap(({ key, value }) => readMessage(value, key, refs, source));
    uses.push({
      channel: channelKey,
      direction: action === 'send' ? 'publish' : 'subscribe',
      messages,
      source,
    });
  }
  return uses;
}

function readMessage(
  raw: unknown,
  fallbackName: string,
  refs: RefInliner,
  source: SourceLocation,
): Message[] {
  const message = refs.deref(raw);
  if (!isRecord(message)) return [];
  const name = scalarText(message.name) ?? scalarText(message.messageId) ?? fallbackName;
  const result: Message = { name };
  if (message.payload !== undefined) {
    const payload = refs.inline(message.payload, source);
    if (isRecord(payload)) result.payload = payload;
  }
  return [result];
}

const PROTOCOL_BROKERS: [RegExp, Broker][] = [
  [/^kafka/i, 'kafka'],
  [/^amqp/i, 'rabbitmq'],
  [/^nats/i, 'nats'],
  [/^(sns|sqs)/i, 'sns-sqs'],
];

/** The broker of the document's servers' protocol: kafka, amqp (RabbitMQ), nats, sns/sqs; else other. */
function brokerOf(servers: unknown, document: SourceDocument, reporter: Reporter): Broker {
  const protocols = Object.values(record(servers)).flatMap(
    (server) => scalarText(record(server).protocol) ?? [],
  );
  for (const protocol of protocols) {
    const broker = PROTOCOL_BROKERS.find(([pattern]) => pattern.test(protocol))?.[1];
    if (broker !== undefined) {
      if (broker === 'rabbitmq') {
        reporter.guess(`protocol ${protocol} read as a RabbitMQ broker`, document.locate(['servers']));
      }
      return broker;
    }
  }
  if (protocols.length > 0) {
    reporter.unmapped(
      `protocol ${protocols[0]} has no broker in the model; topics get broker "other"`,
      document.locate(['servers']),
    );
  }
  return 'other';
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
