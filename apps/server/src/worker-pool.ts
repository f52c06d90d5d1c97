import { Worker } from 'node:worker_threads';
import { Gauge, type Registry } from 'prom-client';

/**
 * Which queue a job waits in. `write`: validation of a PUT, POST or lint body, which someone is
 * waiting on to save; `read`: exports, findings and imports, which may take seconds.
 */
export type Lane = 'write' | 'read';

export interface PoolSettings {
  /** Worker threads; the first only ever runs writes, so a write never waits behind a read. */
  size: number;
  /** A job running longer fails (504) and its worker is terminated and replaced. */
  jobTimeoutMs: number;
  /** Jobs waiting per lane; one more is refused (503 with Retry-After). */
  queueLimit: number;
}

export const DEFAULT_POOL_SETTINGS: PoolSettings = { size: 2, jobTimeoutMs: 20_000, queueLimit: 100 };

/** A job the pool could not run: the status and Retry-After the server answers with. */
export class WorkerJobError extends Error {
  constructor(
    message: string,
    readonly status: 503 | 504,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'WorkerJobError';
  }
}

export interface PoolStats {
  workers: number;
  busy: number;
  queued: Record<Lane, number>;
  /** Workers that died (an uncaught error, out of memory) and were replaced. */
  crashed: number;
  /** Jobs that ran over the timeout (their workers were replaced). */
  timedOut: number;
}

interface Job {
  id: number;
  lane: Lane;
  message: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: each job resolves with its own kind of result
  resolve: (result: any) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Whether it takes only writes (the first slot). */
  writesOnly: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Terminated or dead, being replaced: takes no job. */
  down: boolean;
  /** Its script has loaded (it says so): a job's time starts only then. */
  ready: boolean;
  startedAt: number;
}

// A worker that dies this soon after it started is restarted after a pause, not at once, so a
// worker that cannot start does not spin.
const QUICK_DEATH_MS = 1000;
const RESTART_PAUSE_MS = 500;

/**
 * Worker threads with two queues. The first worker runs only writes; the others take a waiting
 * write before any read. Every job has a timeout, after which its worker is terminated and
 * replaced; a worker that dies fails its job (503) and is replaced; a full queue refuses at once.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queues: Record<Lane, Job[]> = { write: [], read: [] };
  private nextId = 0;
  private closing = false;
  private crashed = 0;
  private timedOut = 0;

  constructor(
    private readonly script: string | URL,
    private readonly settings: PoolSettings,
    private readonly workerData?: unknown,
    private readonly onWorkerLost?: (reason: string) => void,
  ) {
    const size = Math.max(2, settings.size);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i === 0));
  }

  run<T>(lane: Lane, message: Record<string, unknown>): Promise<T> {
    if (this.closing) return Promise.reject(new WorkerJobError('the server is stopping', 503, 1));
    const queue = this.queues[lane];
    if (queue.length >= this.settings.queueLimit && !this.idleFor(lane)) {
      return Promise.reject(
        new WorkerJobError(
          `${queue.length} ${lane === 'write' ? 'validations' : 'exports, imports and lint runs'} are waiting already; try again shortly`,
          503,
          lane === 'write' ? 1 : 5,
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      queue.push({ id: this.nextId++, lane, message, resolve, reject });
      this.dispatch();
    });
  }

  stats(): PoolStats {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((slot) => slot.job !== undefined).length,
      queued: { write: this.queues.write.length, read: this.queues.read.length },
      crashed: this.crashed,
      timedOut: this.timedOut,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const job of [...this.queues.write, ...this.queues.read]) {
      job.reject(new WorkerJobError('the server is stopping', 503, 1));
    }
    this.queues.write.length = 0;
    this.queues.read.length = 0;
    await Promise.all(
      this.slots.map((slot) => {
        clearTimeout(slot.timer);
        slot.job?.reject(new WorkerJobError('the server is stopping', 503, 1));
        slot.job = undefined;
        return slot.worker.terminate();
      }),
    );
  }

  /** Whether a worker could take a job of `lane` at once (then it would not wait in the queue). */
  private idleFor(lane: Lane): boolean {
    return this.slots.some(
      (slot) => slot.ready && !slot.down && slot.job === undefined && (lane === 'write' || !slot.writesOnly),
    );
  }

  /** Hands waiting jobs to idle workers: writes first, reads only to workers that take them. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job !== undefined || slot.down || !slot.ready) continue;
      const job = this.queues.write.shift() ?? (slot.writesOnly ? undefined : this.queues.read.shift());
      if (job === undefined) continue;
      this.start(slot, job);
    }
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(() => this.timeOut(slot, job), this.settings.jobTimeoutMs);
    slot.timer.unref();
    slot.worker.postMessage({ ...job.message, id: job.id });
  }

  private timeOut(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    this.timedOut++;
    slot.job = undefined;
    job.reject(
      new WorkerJobError(
        `the job took longer than ${this.settings.jobTimeoutMs / 1000} s and was stopped`,
        504,
      ),
    );
    this.onWorkerLost?.(`a ${String(job.message.job)} job ran over ${this.settings.jobTimeoutMs} ms`);
    // A job in a loop cannot be interrupted: its thread goes, a fresh one takes its place.
    this.retire(slot);
    void slot.worker.terminate();
  }

  private spawn(writesOnly: boolean): Slot {
    const worker = new Worker(this.script, {
      workerData: this.workerData,
      execArgv: compiledExecArgv(process.execArgv),
    });
    const slot: Slot = {
      worker,
      writesOnly,
      job: undefined,
      timer: undefined,
      down: false,
      ready: false,
      startedAt: Date.now(),
    };
    worker.unref();
    worker.on('message', (reply: { id: number; result?: unknown; error?: string; ready?: true }) => {
      if (reply.ready === true) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (job === undefined || job.id !== reply.id) return;
      clearTimeout(slot.timer);
      slot.job = undefined;
      if (reply.result !== undefined) job.resolve(reply.result);
      else job.reject(new Error(`worker job failed: ${reply.error}`));
      this.dispatch();
    });
    // An uncaught error ends the thread; 'exit' follows and replaces it.
    worker.on('error', (error) => {
      this.onWorkerLost?.(`a worker failed: ${error.message}`);
    });
    worker.on('exit', () => {
      if (this.closing) return;
      const job = slot.job;
      if (job !== undefined) {
        this.crashed++;
        clearTimeout(slot.timer);
        slot.job = undefined;
        job.reject(new WorkerJobError('the worker running the job stopped; try again', 503, 1));
      }
      this.replace(slot);
    });
    return slot;
  }

  /** Takes a slot out of service until its worker's exit replaces it. */
  private retire(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.down = true;
  }

  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    slot.down = true;
    const restart = () => {
      if (this.closing) return;
      this.slots[index] = this.spawn(slot.writesOnly);
      this.dispatch();
    };
    if (Date.now() - slot.startedAt < QUICK_DEATH_MS) setTimeout(restart, RESTART_PAUSE_MS).unref();
    else restart();
  }
}

/**
 * The parent's Node options without `--conditions @meshplan/source`: the worker is compiled
 * JavaScript and must load the packages' builds, even where its parent (a test runner) reads the
 * TypeScript sources.
 */
function compiledExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if ((arg === '--conditions' || arg === '-C') && execArgv[i + 1] === '@meshplan/source') i++;
    else if (arg !== '--conditions=@meshplan/source') kept.push(arg);
  }
  return kept;
}

/** The pool's state in Prometheus: jobs running and waiting, workers replaced and why. */
export function registerPoolMetrics(registry: Registry, stats: () => PoolStats | undefined): void {
  new Gauge({
    name: 'meshplan_worker_jobs',
    help: 'Worker thread jobs: running, or waiting in the write or read queue',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const current = stats();
      if (current === undefined) return;
      this.set({ state: 'running' }, current.busy);
      this.set({ state: 'queued_write' }, current.queued.write);
      this.set({ state: 'queued_read' }, current.queued.read);
    },
  });
  new Gauge({
    name: 'meshplan_workers_replaced',
    help: 'Worker threads replaced since start: died (crash) or stopped past the job timeout (timeout)',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      const current = stats();
      if (current === undefined) return;
      this.set({ reason: 'crash' }, current.crashed);
      this.set({ reason: 'timeout' }, current.timedOut);
    },
  });
}
