import "server-only";
import type { Principal } from "./principal";

/** Resolves the browser's Auth.js session cookie to a user principal (null when absent). */
export async function authenticateBrowserSession(_request: Request): Promise<Extract<Principal, { kind: "user" }> | null> {
  return null;
}
