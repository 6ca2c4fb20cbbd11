// Many requests at once on every SQL path, as a production app behind a pooler sees them. Run by
// both projects; in "integration-pooler" they go through PgBouncer in transaction mode, where a
// named prepared statement or any session state breaks the moment the next transaction lands on
// another server connection. Every answer must be the one a direct connection gives: no 5xx, no
// 401 for a valid credential.
import { describe, expect, it } from "vitest";
import { api, type ApiResponse } from "../support/api";
import { PASSWORD, fromTokenResponse, uniqueEmail, type SignedIn } from "../support/accounts";
import { codeIn, latestEmailTo } from "../support/mail";
import { createKey } from "./organizations-fixtures";

const PEOPLE = 12;

function expectAll(responses: ApiResponse[], status: number, what: string) {
  const statuses = responses.map((r) => `${r.status}${r.status >= 400 ? ` ${r.body?.code}: ${r.body?.detail ?? ""}` : ""}`);
  expect(statuses, what).toEqual(responses.map(() => String(status)));
}

describe(`${PEOPLE} people at once${process.env.DATABASE_POOLER_UNDER_TEST ? ` through ${process.env.DATABASE_POOLER_UNDER_TEST}` : ""}`, () => {
  it("sign up, confirm, sign in, refresh, read their organization and use API keys as on a direct connection", async () => {
    const emails = Array.from({ length: PEOPLE }, () => uniqueEmail("pooled"));

    const registered = await Promise.all(
      emails.map((email) => api("POST", "/api/auth/register", { json: { email, password: PASSWORD, name: "Pooled" } })),
    );
    expectAll(registered, 201, "registrations");

    const codes = await Promise.all(emails.map(async (email) => codeIn(await latestEmailTo(email))));
    const confirmed = await Promise.all(
      emails.map((email, i) => api("POST", "/api/auth/confirm-account", { json: { email, code: codes[i] } })),
    );
    expectAll(confirmed, 200, "confirmations");

    const logins = await Promise.all(emails.map((email) => api("POST", "/api/auth/login", { json: { email, password: PASSWORD } })));
    expectAll(logins, 200, "logins");
    let people: SignedIn[] = logins.map((res, i) => fromTokenResponse(emails[i]!, PASSWORD, res.body));

    // Refresh chains, each person's in sequence, everyone at once.
    for (let round = 0; round < 3; round++) {
      const refreshed = await Promise.all(people.map((p) => api("POST", "/api/auth/refresh", { json: { refresh_token: p.refresh } })));
      expectAll(refreshed, 200, `refresh round ${round}`);
      people = people.map((p, i) => fromTokenResponse(p.email, PASSWORD, refreshed[i]!.body));
    }
    // Two tabs refreshing the same token: both inside the grace window.
    const [tabA, tabB] = await Promise.all(
      [0, 1].map(() => api("POST", "/api/auth/refresh", { json: { refresh_token: people[0]!.refresh } })),
    );
    expectAll([tabA!, tabB!], 200, "two tabs");

    const reads = await Promise.all(
      people.flatMap((p) => [
        api("GET", "/api/auth/profile", { token: p.access }),
        api("GET", "/api/organizations/current/members", { token: p.access }),
        api("GET", `/api/organizations/${p.organizationId}`, { token: p.access }),
        api("GET", "/api/auth/sessions", { token: p.access }),
      ]),
    );
    expectAll(reads, 200, "profile and organization reads");

    const { key } = await createKey(people[0]!, people[0]!.organizationId);
    const keyed = await Promise.all(Array.from({ length: 10 }, () => api("GET", "/api/organizations/current/members", { apiKey: key })));
    expectAll(keyed, 200, "API-key calls");
    const audit = await api("GET", `/api/organizations/${people[0]!.organizationId}/audit-log`, { token: people[0]!.access });
    expectAll([audit], 200, "audit log");
  });

  it("count wrong passwords under concurrency: 401s, then 429 with Retry-After, never a 5xx", async () => {
    const email = uniqueEmail("guessed");
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api("POST", "/api/auth/login", { json: { email, password: `Wrong-Guess-${i}x` } })),
    );
    expect(
      guesses.every((r) => r.status === 401 || r.status === 429),
      guesses.map((r) => `${r.status} ${r.body?.code}`).join(", "),
    ).toBe(true);
    const after = await api("POST", "/api/auth/login", { json: { email, password: "Wrong-Guess-last" } });
    expect(after.status).toBe(429);
    expect(Number(after.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
