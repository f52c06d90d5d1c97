import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser, Env } from 'dockerfile-ast';

/**
 * Debian's nginx, run by the tests with the deployment's own configuration (docker/nginx.conf):
 * only the replicas' addresses and the listening port change, so the file the `ha` profile ships
 * is the one the end-to-end test goes through.
 */
export const nginxBinary = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
export const deployedNginxConfig = fileURLToPath(new URL('../../../docker/nginx.conf', import.meta.url));

/** Why nginx cannot run here, or undefined when it can. */
export function nginxMissing(): string | undefined {
  if (!existsSync(nginxBinary))
    return `nginx is not installed (no ${nginxBinary}; apt-get install -y nginx, or set NGINX_BIN)`;
  return undefined;
}

/** The replica lines of docker/nginx.conf's upstream, as written: `[{ host, port }]`. */
export function upstreamServers(config: string): { host: string; port: number }[] {
  const upstream = /\bupstream\s+meshplan\s*\{([^}]*)\}/.exec(withoutComments(config))?.[1];
  if (upstream === undefined) throw new Error('docker/nginx.conf has no `upstream meshplan { … }`');
  return [...upstream.matchAll(/^\s*server\s+([\w.-]+):(\d+)\b[^;]*;/gm)].map((match) => ({
    host: match[1] as string,
    port: Number(match[2]),
  }));
}

/** The port of the `listen` line of docker/nginx.conf. */
export function listenPort(config: string): number {
  const port = /^\s*listen\s+(\d+)\s*;/m.exec(withoutComments(config))?.[1];
  if (port === undefined) throw new Error('docker/nginx.conf has no `listen <port>;`');
  return Number(port);
}

function withoutComments(config: string): string {
  return config.replace(/#[^\n]*/g, '');
}

/**
 * docker/nginx.conf with its replicas replaced by `replicas` (host:port, in order) and its port by
 * `port` on loopback. Throws if the file no longer has the lines this replaces, so a change there
 * cannot make the test run some other configuration.
 */
export function localNginxSite(config: string, replicas: string[], port: number): string {
  const declared = upstreamServers(config);
  if (declared.length !== replicas.length)
    throw new Error(`docker/nginx.conf lists ${declared.length} replicas, the test runs ${replicas.length}`);
  let index = 0;
  const upstreamed = config.replace(/\bupstream\s+meshplan\s*\{[^}]*\}/, (block) =>
    block.replace(/^(\s*server\s+)[\w.-]+:\d+/gm, (_line, prefix: string) => `${prefix}${replicas[index++]}`),
  );
  const listening = upstreamed.replace(/^(\s*listen\s+)\d+(\s*;)/m, `$1127.0.0.1:${port}$2`);
  if (listening === upstreamed) throw new Error('docker/nginx.conf: the listen line was not replaced');
  return listening;
}

/** The main file around the site: in the foreground, every path in `folder`, logs included. */
function mainConfig(folder: string): string {
  return `daemon off;
worker_processes 1;
pid ${folder}/nginx.pid;
error_log ${folder}/error.log info;
events { worker_connections 512; }
http {
  access_log ${folder}/access.log;
  client_body_temp_path ${folder}/temp/body;
  proxy_temp_path ${folder}/temp/proxy;
  fastcgi_temp_path ${folder}/temp/fastcgi;
  uwsgi_temp_path ${folder}/temp/uwsgi;
  scgi_temp_path ${folder}/temp/scgi;
  include ${folder}/meshplan.conf;
}
`;
}

/** Writes the configuration into a new temporary folder; returns the folder and the main file. */
export function writeNginxConfig(replicas: string[], port: number): { folder: string; file: string } {
  const folder = mkdtempSync(join(tmpdir(), 'meshplan-nginx-'));
  // As root, nginx's workers run as nobody: they must reach their temp folders.
  chmodSync(folder, 0o755);
  mkdirSync(join(folder, 'temp'), { mode: 0o777 });
  chmodSync(join(folder, 'temp'), 0o777);
  writeFileSync(
    join(folder, 'meshplan.conf'),
    localNginxSite(readFileSync(deployedNginxConfig, 'utf8'), replicas, port),
  );
  const file = join(folder, 'nginx.conf');
  writeFileSync(file, mainConfig(folder));
  return { folder, file };
}

/** `nginx -t` on a configuration: its output when it is refused, undefined when accepted. */
export function nginxRefuses(file: string, folder: string): string | undefined {
  const result = spawnSync(nginxBinary, ['-t', '-p', folder, '-e', join(folder, 'error.log'), '-c', file], {
    encoding: 'utf8',
  });
  return result.status === 0 ? undefined : `${result.stderr}${result.stdout}`;
}

export interface RunningNginx {
  url: string;
  folder: string;
  process: ChildProcess;
  /** The error log so far (for a failing test's message). */
  errors(): string;
  stop(): Promise<void>;
}

/** Starts nginx in front of `replicas` on `port`; resolves once it accepts connections. */
export async function startNginx(replicas: string[], port: number): Promise<RunningNginx> {
  const missing = nginxMissing();
  if (missing !== undefined) throw new Error(missing);
  const { folder, file } = writeNginxConfig(replicas, port);
  const refused = nginxRefuses(file, folder);
  if (refused !== undefined) throw new Error(`nginx refuses the configuration:\n${refused}`);
  const child = spawn(nginxBinary, ['-p', folder, '-e', join(folder, 'error.log'), '-c', file], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const errors = () => {
    try {
      return readFileSync(join(folder, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${errors()}`);
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port} within 10 s:\n${errors()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    folder,
    process: child,
    errors,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // SIGQUIT: a graceful stop; open WebSockets would hold it, so SIGTERM (fast) instead.
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const dockerFolder = fileURLToPath(new URL('../../../docker/', import.meta.url));
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** How the image starts, read from the Dockerfile's last stage (the one that runs). */
export interface ImageStart {
  /** CMD in exec form. */
  command: string[];
  user: string;
  workdir: string;
  env: Record<string, string>;
  exposed: number[];
  healthcheck: string | undefined;
}

export function imageStart(dockerfile = readFileSync(join(dockerFolder, 'Dockerfile'), 'utf8')): ImageStart {
  const instructions = DockerfileParser.parse(dockerfile).getInstructions();
  const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf('FROM');
  const stage = instructions.slice(lastFrom);
  const last = (keyword: string) => stage.filter((i) => i.getKeyword() === keyword).at(-1);
  const cmd = last('CMD')?.getArgumentsContent();
  if (cmd === undefined || cmd === null) throw new Error('the Dockerfile has no CMD in its last stage');
  const command: unknown = JSON.parse(cmd);
  if (!Array.isArray(command) || !command.every((part) => typeof part === 'string'))
    throw new Error(`the Dockerfile's CMD is not in exec form: ${cmd}`);
  const env: Record<string, string> = {};
  for (const instruction of stage) {
    if (instruction instanceof Env)
      for (const property of instruction.getProperties()) env[property.getName()] = property.getValue() ?? '';
  }
  return {
    command,
    user: last('USER')?.getArgumentsContent() ?? 'root',
    workdir: last('WORKDIR')?.getArgumentsContent() ?? '/',
    env,
    exposed: stage
      .filter((i) => i.getKeyword() === 'EXPOSE')
      .flatMap((i) => i.getArguments().map((a) => Number.parseInt(a.getValue(), 10))),
    healthcheck: last('HEALTHCHECK')?.getArgumentsContent() ?? undefined,
  };
}
