// The token endpoint's storage (lib/oidc/token-request.ts): a code exchange or a refresh reads
// ahead with its client and writes everything it issues in one statement after its answer is
// built. What must still hold: two requests racing with one code or refresh token give one set of
// tokens and end the grant, a failed request writes nothing, the rows it writes inherit the grant's
// browser session, and the statement counts the speed depends on.
import * as client from "openid-client";
import { describe, expect, it } from "vitest";
import { db, queryCounter } from "@/lib/db/client";
import { signUp } from "../support/accounts";
import { Jar, passwordSignIn } from "../support/oauth-flow";
import { authorize, redeem, registerClient, relyingParty, useProviderServer } from "../support/oidc-provider";

useProviderServer();

async function signedInClient() {
  const registered = await registerClient({ type: "confidential", firstParty: true });
  const configuration = await relyingParty(registered);
  const person = await signUp();
  const jar = await passwordSignIn(new Jar(), person.email, person.password);
  const authorization = await authorize(configuration, registered, jar, { scope: "openid email offline_access", prompt: "consent" });
  return { registered, configuration, person, jar, authorization };
}

async function statements<T>(call: () => Promise<T>): Promise<number> {
  const before = queryCounter.count;
  await call();
  return queryCounter.count - before;
}

describe("the token endpoint's round trips", () => {
  it("a code exchange and a refresh are two statements each (client, code or token, grant and person read together; one write)", async () => {
    const { configuration, authorization } = await signedInClient();
    let tokens: client.TokenEndpointResponse | undefined;
    expect(await statements(async () => (tokens = await redeem(configuration, authorization)))).toBe(2);
    let refreshToken = tokens!.refresh_token!;
    for (let i = 0; i < 2; i++) {
      expect(
        await statements(async () => (refreshToken = (await client.refreshTokenGrant(configuration, refreshToken)).refresh_token!)),
      ).toBe(2);
    }
  });

  it("writes the spent token, its successor and the access token together, each bound to the grant's browser session", async () => {
    const { configuration, authorization } = await signedInClient();
    const tokens = await redeem(configuration, authorization);
    const rotated = await client.refreshTokenGrant(configuration, tokens.refresh_token!);
    const rows = await db().$queryRawUnsafe<{ kind: string; id: string; consumed: boolean; sessionId: string | null }[]>(
      `SELECT kind, id, "consumedAt" IS NOT NULL AS consumed, "sessionId" FROM oidc_payloads WHERE id = ANY($1)`,
      [tokens.refresh_token, rotated.refresh_token, rotated.access_token],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(tokens.refresh_token!)).toMatchObject({ kind: "RefreshToken", consumed: true });
    expect(byId.get(rotated.refresh_token!)).toMatchObject({ kind: "RefreshToken", consumed: false });
    expect(byId.get(rotated.access_token)).toMatchObject({ kind: "AccessToken", consumed: false });
    const session = byId.get(tokens.refresh_token!)!.sessionId;
    expect(session).toBeTruthy();
    expect(rows.every((row) => row.sessionId === session)).toBe(true);
  });
});

describe("two requests with one code or refresh token at the same moment", () => {
  it("a refresh token: one answer with tokens, the other invalid_grant, and the grant ends", async () => {
    const { configuration, authorization } = await signedInClient();
    const tokens = await redeem(configuration, authorization);
    const results = await Promise.allSettled([
      client.refreshTokenGrant(configuration, tokens.refresh_token!),
      client.refreshTokenGrant(configuration, tokens.refresh_token!),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { error: "invalid_grant" } });
    // The winner's tokens end with the grant: a replay is a replay, whoever came first.
    const winner = (won[0] as PromiseFulfilledResult<client.TokenEndpointResponse>).value;
    await expect(client.refreshTokenGrant(configuration, winner.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    expect((await client.tokenIntrospection(configuration, winner.access_token)).active).toBe(false);
  });

  it("a code: one set of tokens, and none that outlives the race", async () => {
    const { configuration, authorization } = await signedInClient();
    const results = await Promise.allSettled([redeem(configuration, authorization), redeem(configuration, authorization)]);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { error: "invalid_grant" } });
    const winner = (won[0] as PromiseFulfilledResult<client.TokenEndpointResponse>).value;
    expect((await client.tokenIntrospection(configuration, winner.access_token)).active).toBe(false);
  });
});

describe("a token request that fails", () => {
  it("writes nothing: another client presenting the refresh token leaves it usable by its own", async () => {
    const { configuration, authorization } = await signedInClient();
    const tokens = await redeem(configuration, authorization);
    const other = await registerClient({ type: "confidential", firstParty: true });
    await expect(client.refreshTokenGrant(await relyingParty(other), tokens.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
    });
    const [row] = await db().$queryRawUnsafe<{ consumed: boolean }[]>(
      `SELECT "consumedAt" IS NOT NULL AS consumed FROM oidc_payloads WHERE key = 'RefreshToken:' || $1`,
      tokens.refresh_token,
    );
    expect(row).toEqual({ consumed: false });
    expect((await client.refreshTokenGrant(configuration, tokens.refresh_token!)).access_token).toBeTruthy();
  });
});
