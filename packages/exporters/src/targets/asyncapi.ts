import type { Message, PublishEdge, ServiceNode, SubscribeEdge, TopicNode } from '@meshplan/model';
import { BROKER_IMAGES, type ExportContext } from '../context.js';
import { embeddableSchema } from '../schemas.js';
import type { ExportDocument } from '../types.js';

const PROTOCOLS = {
  kafka: 'kafka',
  rabbitmq: 'amqp',
  nats: 'nats',
  'sns-sqs': 'sqs',
  other: 'other',
} as const;

/** `asyncapi/<svc>.yaml`: AsyncAPI 3.0 for every service that publishes or subscribes. */
export function asyncapi(ctx: ExportContext): ExportDocument[] {
  const files: ExportDocument[] = [];
  for (const service of ctx.index.services) {
    const sends = ctx.index.outEdges(service.id, 'publish');
    const receives = ctx.index.inEdges(service.id, 'subscribe');
    if (sends.length === 0 && receives.length === 0) continue;
    files.push({
      path: `asyncapi/${ctx.name(service.id)}.yaml`,
      target: 'asyncapi',
      format: 'yaml',
      documents: [asyncapiDocument(ctx, service, sends, receives)],
    });
  }
  return files;
}

interface Channel {
  address: string;
  title: string;
  messages: Record<string, { $ref: string }>;
  servers: { $ref: string }[];
}

interface Flow {
  action: 'send' | 'receive';
  topic: TopicNode;
  /** Message names the edge carries; every message of the topic when the edge names none. */
  names: string[];
}

function asyncapiDocument(
  ctx: ExportContext,
  service: ServiceNode,
  sends: readonly PublishEdge[],
  receives: readonly SubscribeEdge[],
): Record<string, unknown> {
  const flows: Flow[] = [];
  const flow = (action: Flow['action'], topicId: string, names: string[] | undefined) => {
    const topic = ctx.index.node(topicId);
    if (topic?.kind !== 'topic') return;
    const existing = flows.find((f) => f.action === action && f.topic.id === topic.id);
    const carried = names ?? (topic.messages ?? []).map((message) => message.name);
    if (existing === undefined) flows.push({ action, topic, names: [...new Set(carried)] });
    else for (const name of carried) if (!existing.names.includes(name)) existing.names.push(name);
  };
  for (const edge of sends) flow('send', edge.to, edge.messages);
  for (const edge of receives) flow('receive', edge.from, edge.messages);

  const servers: Record<string, unknown> = {};
  const channels: Record<string, Channel> = {};
  const operations: Record<string, unknown> = {};
  const componentMessages: Record<string, unknown> = {};
  // Message names are free text: each (channel, name) gets its own key, even where two clean up alike.
  const keys = new Map<string, string>();
  const keyOf = (channelKey: string, name: string) => {
    const id = `${channelKey}\u0000${name}`;
    let key = keys.get(id);
    if (key === undefined) {
      const base = messageKey(channelKey, name);
      key = base;
      for (let i = 2; componentMessages[key] !== undefined; i++) key = `${base}-${i}`;
      keys.set(id, key);
    }
    return key;
  };
  for (const { action, topic, names } of flows) {
    const serverKey = ctx.brokerName(topic.broker) ?? topic.broker;
    servers[serverKey] ??= server(ctx, topic);
    const channelKey = ctx.name(topic.id);
    // Channel messages: every message the service sends or receives on this topic.
    const channel: Channel = channels[channelKey] ?? {
      address: channelKey,
      title: topic.name,
      messages: {},
      servers: [{ $ref: `#/servers/${serverKey}` }],
    };
    channels[channelKey] = channel;
    const messageKeys: string[] = [];
    const declared = new Map((topic.messages ?? []).map((message) => [message.name, message]));
    const carried = names.length > 0 ? names : [`${topic.name} message`];
    for (const name of carried) {
      const key = keyOf(channelKey, name);
      messageKeys.push(key);
      channel.messages[key] = { $ref: `#/components/messages/${key}` };
      componentMessages[key] ??= messageObject(name, declared.get(name));
    }
    operations[`${action}-${channelKey}`] = {
      action,
      channel: { $ref: `#/channels/${channelKey}` },
      title: `${action === 'send' ? 'Publish to' : 'Receive from'} ${topic.name}`,
      messages: messageKeys.map((key) => ({ $ref: `#/channels/${channelKey}/messages/${key}` })),
    };
  }
  const info: Record<string, unknown> = { title: service.name, version: service.api?.version ?? '0.0.0' };
  if (service.description !== undefined) info.description = service.description;
  return {
    asyncapi: '3.0.0',
    info,
    defaultContentType: 'application/json',
    servers,
    channels,
    operations,
    components: { messages: componentMessages },
  };
}

function server(ctx: ExportContext, topic: TopicNode): Record<string, unknown> {
  const infra = BROKER_IMAGES[topic.broker];
  const name = ctx.brokerName(topic.broker) ?? topic.broker;
  const host = ctx.host(name, 'kubernetes');
  return {
    host: infra === undefined ? host : `${host}:${infra.port}`,
    protocol: PROTOCOLS[topic.broker],
    description: `The ${topic.broker} broker`,
  };
}

function messageObject(name: string, declared: Message | undefined): Record<string, unknown> {
  const message: Record<string, unknown> = { name, title: name, contentType: 'application/json' };
  if (declared?.version !== undefined) message.summary = `Version ${declared.version}`;
  message.payload = declared?.payload === undefined ? { type: 'object' } : embeddableSchema(declared.payload);
  return message;
}

/** A component key (`^[A-Za-z0-9._-]+$`) for a message of a channel. */
function messageKey(channelKey: string, name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${channelKey}.${safe === '' ? 'message' : safe}`;
}
