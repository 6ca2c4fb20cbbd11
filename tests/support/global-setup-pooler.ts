// The "integration-pooler" project: the same environment, with a transaction-mode PgBouncer
// between the app and PostgreSQL (see tests/support/pgbouncer.ts).
import type { TestProject } from "vitest/node";
import { startIntegrationEnvironment } from "./global-setup";

export default function setup(project: TestProject) {
  return startIntegrationEnvironment(project, { pooler: true });
}
