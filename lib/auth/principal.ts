import "server-only";

export type Principal =
  | { kind: "user"; userId: string; sessionId: string; organizationId: string | null; via: "bearer" | "cookie" }
  | { kind: "api_key"; apiKeyId: string; organizationId: string; permissions: { resource: string; action: string }[] };

export async function resolvePrincipal(_request: Request, _options: { allowApiKey: boolean }): Promise<Principal | null> {
  return null;
}
