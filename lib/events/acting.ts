import { AsyncLocalStorage } from "node:async_hooks";

// Who stands behind the person acting in the request being served. When an instance admin is
// signed in as someone (an impersonation session), whatever that session does is the person's act
// in every log, with `metadata.impersonatorId` naming the admin (API.md, "Instance administration").
// The session check notes it here once per request (lib/sessions/check.ts); `emit` reads it, so no
// use case has to carry the admin's id down to its events. The route wrapper, the server-action
// wrapper and the Auth.js route open the scope.

interface Acting {
  impersonation?: { userId: string; impersonatorId: string };
}

const store = new AsyncLocalStorage<Acting>();

/** Runs `task` in a fresh scope for one request. */
export const withActingScope = <T>(task: () => T): T => store.run({}, task);

/** The session check found an impersonation session of `userId`: its events name the admin. */
export function noteImpersonation(userId: string, impersonatorId: string): void {
  const scope = store.getStore();
  if (scope) scope.impersonation = { userId, impersonatorId };
}

/** The admin behind `actorId` in this request, when it is an impersonation session's person. */
export function impersonatorBehind(actorId: string | null): string | undefined {
  const impersonation = store.getStore()?.impersonation;
  return impersonation && actorId === impersonation.userId ? impersonation.impersonatorId : undefined;
}
