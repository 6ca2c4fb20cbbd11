// Runs in each integration worker before a test file loads: the environment its project's
// global setup started (database URL, mail stand-in, secrets).
import { inject } from "vitest";

Object.assign(process.env, inject("workerEnv"));
