import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { OPERATIONS, requestSpec, type OperationKey } from "@/lib/openapi/operations";
import { orgMemberParamsSchema, orgQuerySchema } from "@/lib/validation/organizations";
import { alias, handler } from "./route";

const ok = async () => ({ json: {} });

describe("the route wrapper, built from an operation's row", () => {
  it("names the operation it serves (tests/integration/openapi.test.ts matches it to the route file)", () => {
    expect(handler("post /api/auth/login", ok).operation).toBe("post /api/auth/login");
  });

  it("refuses a key without a row when the route module loads", () => {
    expect(() => handler("post /api/auth/logn" as OperationKey, ok)).toThrow(/no operation "post \/api\/auth\/logn"/);
  });

  it("validates with the row's schemas", async () => {
    const exists = handler("get /api/auth/exist-email/{email}", ok);
    const res = await exists(new NextRequest("http://localhost/api/auth/exist-email/x"), {
      params: Promise.resolve({ email: "not an address" }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toHaveProperty("email");
  });

  it("gives an organization route the params and query of its path, as the document does", () => {
    const key = "delete /api/organizations/{orgId}/members/{userId}";
    expect(requestSpec(key)).toEqual({ auth: "any", body: undefined, query: orgQuerySchema, params: orgMemberParamsSchema });
    const documented = OPERATIONS.find((op) => `${op.method} ${op.path}` === key)!;
    expect([documented.params, documented.query]).toEqual([orgMemberParamsSchema, orgQuerySchema]);
  });

  it("lets an API key through to an operation that refuses it itself, while the document lists people's credentials only", () => {
    const key = "post /api/organizations/{orgId}/api-keys";
    expect(requestSpec(key).auth).toBe("any");
    expect(OPERATIONS.find((op) => `${op.method} ${op.path}` === key)!.security).not.toContain("apiKey");
  });

  it("types the context from the row (checked by tsc --noEmit, not at run time)", () => {
    handler("post /api/auth/login", async ({ body, principal }) => {
      // @ts-expect-error loginSchema has no `username`
      void body.username;
      // @ts-expect-error a public operation may have no caller
      void principal.userId;
      return { json: body.email };
    });
    handler("get /api/organizations/{orgId}/members", async ({ params, query, principal }) => {
      // @ts-expect-error the members list has {orgId} only
      void params.userId;
      return { json: [params.orgId, query.org, principal.kind] };
    });
    // @ts-expect-error no such operation
    expect(() => handler("get /api/nowhere", ok)).toThrow();
  });
});

describe("alias", () => {
  it("serves another operation's handler under its own key when both rows ask for the same", () => {
    expect(alias("get /api/auth/user", handler("get /api/auth/profile", ok)).operation).toBe("get /api/auth/user");
  });

  it("refuses rows that differ, or a handler not built from a row", () => {
    expect(() => alias("get /api/auth/user", handler("post /api/auth/logout", ok))).toThrow(/differ in body/);
    expect(() => alias("get /api/auth/user", async () => new Response())).toThrow(/not a handler built from an operation/);
  });
});
