// What sign-ins are judged against: no server can answer more sign-ins a second than the machine
// can run bcrypt compares at the production cost, measured here before the app starts.
import { createRequire } from "node:module";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { options } from "./options";

/** bcrypt compares per second with one thread per core, as the app's hash pool runs them. */
export async function rawBcryptComparesPerSecond(seconds = 6): Promise<number> {
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    const bcrypt = require(workerData.bcryptPath);
    const hash = bcrypt.hashSync("x", workerData.cost);
    const end = Date.now() + workerData.ms; let n = 0;
    while (Date.now() < end) { bcrypt.compareSync("x", hash); n++; }
    parentPort.postMessage(n);`;
  const bcryptPath = createRequire(import.meta.url).resolve("bcryptjs");
  const threads = os.availableParallelism();
  const counts = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(source, { eval: true, workerData: { bcryptPath, cost: options.bcryptCost, ms: seconds * 1000 } });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0) / seconds;
}
