import path from "node:path";
import { defineConfig } from "vitest/config";

// The integration files that reach every SQL path (registration, confirmation, login, refresh
// rotation with grace and reuse, rate limits and lockout, organizations, API keys, audit log, the
// webhook outbox and dispatcher),
// run a second time through a transaction-mode PgBouncer.
const POOLER_FILES = [
  "tests/integration/auth-register-confirm.test.ts",
  "tests/integration/auth-tokens.test.ts",
  "tests/integration/abuse-brute-force.test.ts",
  "tests/integration/organizations.test.ts",
  "tests/integration/organizations-api-keys.test.ts",
  "tests/integration/organizations-audit-log.test.ts",
  "tests/integration/database-pooler.test.ts",
  "tests/integration/webhooks-dispatch.test.ts",
];

const integration = {
  environment: "node" as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  maxWorkers: 2,
  setupFiles: ["tests/support/worker-env.ts"],
  // next-auth imports "next/server" without an extension, which Node's ESM loader refuses:
  // let Vite resolve it (the browser-session tests drive the real Auth.js routes).
  server: { deps: { inline: ["next-auth", "@auth/core"] } },
};

const alias = {
  "@": path.resolve(import.meta.dirname),
  // server-only throws outside a React Server environment; tests are server code too.
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["lib/**/*.test.ts", "emails/**/*.test.tsx", "components/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          ...integration,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration-pooler",
          sequence: { groupOrder: 2 },
          include: POOLER_FILES,
          globalSetup: ["tests/support/global-setup-pooler.ts"],
          ...integration,
        },
      },
    ],
  },
});
