/** A host named in a value: `http://orders:8080/v1` → `{ host: "orders", port: 8080, scheme: "http" }`. */
export interface HostMention {
  host: string;
  port?: number;
  scheme?: string;
  /** Whether the text is plainly an address (a URL, `host:port`, a cluster DNS name), not just a word. */
  explicit: boolean;
}

const URL_FORM = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]+)(?::(\d{1,5}))?/i;
const HOST_PORT_FORM = /^([a-z0-9][a-z0-9.-]*):(\d{1,5})(?:\/.*)?$/i;
const BARE_HOST_FORM = /^[a-z][a-z0-9.-]*[a-z0-9]$/i;
const NOT_HOSTS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'none', 'localhost']);

/**
 * The hosts a configuration value names, in any common form: URLs (`amqp://rabbit`,
 * `mongodb://user:pw@orders-db:27017/orders`), `host:port`, bare names, and lists of them
 * separated by commas, semicolons or spaces; `-Dkey=url` and `--flag=host` give their value.
 */
export function hostMentions(value: string): HostMention[] {
  const mentions: HostMention[] = [];
  for (const raw of value.split(/[\s,;]+/)) {
    const token = stripAssignment(raw.replace(/^["']|["']$/g, ''));
    if (token === '') continue;
    const url = URL_FORM.exec(token);
    if (url !== null) {
      const host = url[2] ?? '';
      if (host.startsWith('[')) continue;
      mentions.push({
        host: host.toLowerCase(),
        ...port(url[3]),
        scheme: url[1]?.toLowerCase(),
        explicit: true,
      });
      continue;
    }
    const hostPort = HOST_PORT_FORM.exec(token);
    if (hostPort !== null) {
      mentions.push({ host: (hostPort[1] ?? '').toLowerCase(), ...port(hostPort[2]), explicit: true });
      continue;
    }
    if (BARE_HOST_FORM.test(token) && !NOT_HOSTS.has(token.toLowerCase())) {
      const host = token.toLowerCase();
      mentions.push({ host, explicit: /\.svc(\.|$)/.test(host) });
    }
  }
  return mentions.filter((mention) => !NOT_HOSTS.has(mention.host) && !/^[\d.]+$/.test(mention.host));
}

function stripAssignment(token: string): string {
  const assignment = /^-{0,2}[A-Za-z_][\w.-]*=(.*)$/.exec(token);
  return assignment === null ? token : (assignment[1] ?? '');
}

function port(text: string | undefined): { port?: number } {
  if (text === undefined) return {};
  const number = Number(text);
  return number >= 1 && number <= 65535 ? { port: number } : {};
}

// Variable names that hold addresses: `ORDERS_HOST`, `CART_SERVICE_ADDR`, `KAFKA_BROKERS`, `mongo`.
const ADDRESS_NAME =
  /host|addr|url|uri|endpoint|server|service|broker|bootstrap|nodes|dsn|connection|upstream|backend|target|mongo|redis|mysql|postgres|database|db|kafka|rabbit|amqp|nats|elastic|cassandra|zipkin|jaeger/i;

/** Whether a variable's name says that it holds an address, so a bare word in it is a host. */
export function namesAnAddress(variable: string): boolean {
  return ADDRESS_NAME.test(variable);
}
