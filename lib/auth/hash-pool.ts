import "server-only";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ApiError } from "@/lib/http/errors";

// bcrypt is the most expensive thing the server does (~370 ms at cost 12 on these machines). It
// runs in a pool of worker threads, one per core, so the event loop keeps serving every other
// request during a login flood. The queue is bounded: past it callers get a quick 503 instead
// of waiting behind minutes of hashing. A queued job whose request has been abandoned (the client
// disconnected) leaves the queue unhashed: the cores go to callers who still wait for an answer.

type Job = { op: "hash"; password: string; cost: number } | { op: "compare"; password: string; hash: string };
interface Pending {
  job: Job;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
  /** Stops listening to the request's signal: called when a worker takes the job. */
  detach?: () => void;
}

/** The hashing threads' nice value (0 is the event loop's; 19 the lowest priority). */
export const HASH_THREAD_NICE = 10;

// The worker is plain CommonJS evaluated from a string, so it needs no bundling and loads
// bcryptjs from node_modules at run time.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcryptPath);
// Below the event loop's priority (on Linux a thread's nice value is its own): in a sign-in flood
// the cores stay busy hashing, but a request that needs the event loop gets a core first.
try { require("node:os").setPriority(${HASH_THREAD_NICE}); } catch {}
parentPort.on("message", (job) => {
  try {
    const result = job.op === "hash" ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});`;

export class HashPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly size: number,
    private readonly queueLimit: number,
  ) {}

  /**
   * Queues `job`. While it waits, an abort of `signal` takes it out of the queue and rejects it;
   * once a worker has it, it runs to the end (bcrypt cannot be interrupted part-way anyway).
   */
  run(job: Job, signal?: AbortSignal): Promise<string | boolean> {
    if (signal?.aborted) return Promise.reject(abandoned());
    if (this.queue.length >= this.queueLimit) {
      return Promise.reject(
        new ApiError("service_unavailable", "The server is busy; try again in a moment.", { headers: { "retry-after": "1" } }),
      );
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = { job, resolve, reject };
      if (signal) {
        const drop = () => {
          const at = this.queue.indexOf(pending);
          if (at < 0) return;
          this.queue.splice(at, 1);
          reject(abandoned());
        };
        signal.addEventListener("abort", drop, { once: true });
        pending.detach = () => signal.removeEventListener("abort", drop);
      }
      this.queue.push(pending);
      this.dispatch();
    });
  }

  get stats() {
    return { workers: this.workers.length, busy: this.busy.size, queued: this.queue.length };
  }

  private dispatch() {
    while (this.queue.length) {
      const worker = this.idle.pop() ?? (this.workers.length < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const next = this.queue.shift()!;
      next.detach?.();
      this.busy.set(worker, next);
      worker.postMessage(next.job);
    }
  }

  private spawn(): Worker {
    const bcryptPath = createRequire(path.join(process.cwd(), "package.json")).resolve("bcryptjs");
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } });
    worker.unref();
    worker.on("message", (message: { result?: string | boolean; error?: string }) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      if (pending) {
        if (message.error !== undefined) pending.reject(new Error(message.error));
        else pending.resolve(message.result!);
      }
      this.idle.push(worker);
      this.dispatch();
    });
    worker.on("error", (error) => {
      this.busy.get(worker)?.reject(error);
      this.busy.delete(worker);
      this.workers.splice(this.workers.indexOf(worker), 1);
      this.dispatch();
    });
    this.workers.push(worker);
    return worker;
  }
}

// Nobody reads this answer (the client has gone); it only ends the request's work quietly.
const abandoned = () =>
  new ApiError("service_unavailable", "The request was abandoned before its password was hashed.", { headers: { "retry-after": "1" } });

let pool: HashPool | undefined;
export function hashPool(): HashPool {
  const workers = Number(process.env.HASH_WORKERS) || os.availableParallelism();
  pool ??= new HashPool(workers, Number(process.env.HASH_QUEUE_LIMIT) || 256);
  return pool;
}
