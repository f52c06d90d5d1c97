/** A host named in a value: `http://orders:8080/v1` → `{ host: "orders", port: 8080, scheme: "http" }`. */
export interface HostMention {
  host: string;
  port?: number;
  scheme?: string;
  /** Whether the text is plainly an address (a URL, `host:port`, a cluster DNS name), not just a word. */
  explicit: boolean;
  /** The database a connection string names on that host (`jdbc:mysql://mysql/orders` → `orders`). */
  database?: string;
}

const URL_FORM =
  /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]+)(?::(\d{1,5}))?(?:\/([^/?#;]*))?/i;
// URL schemes whose path names a database (`postgres://db/orders`); redis's path is an index.
const DATABASE_SCHEMES = /^(mysql|mariadb|postgres|postgresql|mongodb(\+srv)?|sqlserver|mssql|oracle|db2)$/i;
// ADO.NET and Npgsql style: `Server=sqldata;Database=OrderingDb;User Id=sa` (keys case-insensitive).
const KEY_VALUE_SERVER = /(?:^|;)\s*(server|data source|host|address|addr|network address)\s*=/i;
const HOST_PORT_FORM = /^([a-z0-9][a-z0-9.-]*):(\d{1,5})(?:\/.*)?$/i;
const BARE_HOST_FORM = /^[a-z][a-z0-9.-]*[a-z0-9]$/i;
const NOT_HOSTS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'none', 'localhost']);

/**
 * The hosts a configuration value names, in any common form: URLs (`amqp://rabbit`,
 * `mongodb://user:pw@orders-db:27017/orders`), `host:port`, bare names, and lists of them
 * separated by commas, semicolons or spaces; `-Dkey=url` and `--flag=host` give their value.
 */
export function hostMentions(value: string): HostMention[] {
  if (value.includes(';') && KEY_VALUE_SERVER.test(value)) return keyValueMentions(value);
  const mentions: HostMention[] = [];
  for (const raw of jdbcToUrls(value).split(/[\s,;]+/)) {
    const token = stripAssignment(raw.replace(/^["']|["']$/g, ''));
    if (token === '') continue;
    const url = URL_FORM.exec(token);
    if (url !== null) {
      const host = url[2] ?? '';
      if (host.startsWith('[')) continue;
      const scheme = url[1]?.toLowerCase() ?? '';
      const database = DATABASE_SCHEMES.test(scheme) ? databaseName(url[4]) : undefined;
      mentions.push({
        host: host.toLowerCase(),
        ...port(url[3]),
        scheme,
        explicit: true,
        ...(database === undefined ? {} : { database }),
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

/**
 * JDBC URLs as plain URLs: `jdbc:mysql://mysql/orders` → `mysql://mysql/orders`,
 * `jdbc:sqlserver://db:1433;databaseName=orders;…` → `sqlserver://db:1433/orders`.
 */
function jdbcToUrls(value: string): string {
  return value
    .replace(
      /jdbc:sqlserver:\/\/([^;\s]*)((?:;[^;\s=]+=[^;\s]*)*)/gi,
      (_, address: string, properties: string) => {
        const database = /;\s*(?:databaseName|database)=([^;]*)/i.exec(properties)?.[1];
        return `sqlserver://${address}${database === undefined ? '' : `/${database}`}`;
      },
    )
    .replace(/jdbc:(?:[a-z0-9]+:)*?([a-z0-9]+):\/\//gi, '$1://');
}

/** `Server=tcp:sqldata,1433;Database=Orders;…`: the server's host and port, and the database. */
function keyValueMentions(value: string): HostMention[] {
  const pairs = new Map<string, string>();
  for (const part of value.split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    pairs.set(part.slice(0, equals).trim().toLowerCase(), part.slice(equals + 1).trim());
  }
  const serverKey = ['server', 'data source', 'host', 'address', 'addr', 'network address'].find((key) =>
    pairs.has(key),
  );
  const server = serverKey === undefined ? undefined : pairs.get(serverKey);
  if (server === undefined || server === '') return [];
  const database = databaseName(pairs.get('database') ?? pairs.get('initial catalog'));
  const explicitPort = pairs.get('port');
  const mentions: HostMention[] = [];
  // Npgsql lists hosts with commas (`Host=a,b`); SQL Server writes `host,port` and `host\instance`.
  const sqlServer = serverKey !== 'host';
  const hosts = sqlServer ? [server] : server.split(',');
  for (const entry of hosts) {
    const withoutProtocol = entry.trim().replace(/^(tcp|np|lpc):/i, '');
    const [hostAndInstance = '', portText] = sqlServer
      ? withoutProtocol.split(',')
      : withoutProtocol.split(':');
    const host = (hostAndInstance.split('\\')[0] ?? '').trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9.-]*$/i.test(host) || NOT_HOSTS.has(host) || /^[\d.]+$/.test(host)) continue;
    const portNumber = port(portText ?? explicitPort);
    mentions.push({
      host,
      ...portNumber,
      scheme: serverKey === 'host' ? 'postgres' : portNumber.port === 3306 ? 'mysql' : 'sqlserver',
      explicit: true,
      ...(database === undefined ? {} : { database }),
    });
  }
  return mentions;
}

/** A database name as written (`orders`, `Microsoft.eShop.OrderingDb`), or undefined for none or an index. */
function databaseName(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const name = decodeURIComponentSafe(text.trim());
  // Spaces and control characters (\s covers tabs and line breaks) are no part of a database name.
  if (name === '' || /^\d+$/.test(name) || name.length > 128 || /\s/.test(name) || hasControl(name)) {
    return undefined;
  }
  return name;
}

function hasControl(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) < 0x20) return true;
  return false;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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
