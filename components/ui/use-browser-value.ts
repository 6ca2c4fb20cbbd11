"use client";
import { useSyncExternalStore } from "react";

const unchanging = () => () => {};

/**
 * A value only the browser knows (WebAuthn support, a clipboard): `serverValue` in the server
 * render and during hydration, the browser's own right after, without a setState in an effect.
 */
export function useBrowserValue<T>(read: () => T, serverValue: T): T {
  return useSyncExternalStore(unchanging, read, () => serverValue);
}
