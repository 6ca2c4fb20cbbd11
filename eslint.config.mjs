import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

// Next's own rules (React, hooks, accessibility, typescript-eslint), formatting left to Prettier,
// and the project's layering rules (ARCHITECTURE.md). `npm run lint` runs it with
// --max-warnings=0 over the whole tree.

const RAW_SQL = "Plain SQL lives in lib/db/statements/<table>.ts (ARCHITECTURE.md): call a named statement from there.";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  prettier,
  globalIgnores([
    ".next*/**",
    // The bench's bare Next.js app and its build (scripts/bench/bare-next.ts).
    ".bench/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "lib/generated/**",
    "tests/support/api-types.generated.ts",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
    "e2e/artifacts/**",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // Long lines are for Prettier to wrap; comments and strings it leaves alone are held here.
      "max-len": ["error", { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // Tests and scripts (the bench) read arbitrary JSON answers, and Playwright's fixtures call their own `use`.
    files: ["tests/**", "e2e/**", "scripts/**", "**/*.test.ts", "**/*.test.tsx"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Only lib/db may issue SQL: sql() and Prisma's raw queries stay inside lib/db/statements.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/db/**", "tests/**", "scripts/**", "e2e/**", "prisma.config.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "@/lib/db/sql", importNames: ["sql"], message: RAW_SQL }] }],
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[property.name=/^\\$(queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe)$/]", message: RAW_SQL },
      ],
    },
  },
  {
    files: ["lib/db/**/*.ts"],
    ignores: ["lib/db/statements/**", "lib/db/sql.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "../sql", importNames: ["sql"], message: RAW_SQL },
            { name: "./sql", importNames: ["sql"], message: RAW_SQL },
          ],
        },
      ],
    },
  },
]);
