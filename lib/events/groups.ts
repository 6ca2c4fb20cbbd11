import { WEBHOOK_EVENT_TYPES } from "./types";

// The event types an endpoint may subscribe to, in the groups the Webhooks page lists them in
// (a fieldset of checkboxes each). Client-safe. A type added to types.ts without a group here is
// still offered, under "Other"; groups.test.ts asks for it to be placed.

type SubscribableType = Exclude<(typeof WEBHOOK_EVENT_TYPES)[number], "webhook.test">;

/**
 * `webhook.test` is left out: a test event goes to the one endpoint it was asked for, whatever
 * that endpoint subscribes to, so ticking it would change nothing.
 */
export const SUBSCRIBABLE_EVENT_TYPES = WEBHOOK_EVENT_TYPES.filter((type): type is SubscribableType => type !== "webhook.test");

const GROUPS: { label: string; prefixes: string[] }[] = [
  { label: "Members and invitations", prefixes: ["member.", "invitation."] },
  { label: "Organization", prefixes: ["org."] },
  { label: "Sign-in and sessions", prefixes: ["login.", "logout", "token."] },
  { label: "Accounts", prefixes: ["password.", "email.", "user.", "oauth."] },
  { label: "Two-factor and passkeys", prefixes: ["mfa.", "passkey."] },
  { label: "API keys", prefixes: ["api_key."] },
  { label: "Webhooks", prefixes: ["webhook."] },
  { label: "Single sign-on and domains", prefixes: ["sso.", "domain."] },
  { label: "Instance administration", prefixes: ["admin."] },
];

export interface EventGroup {
  label: string;
  types: SubscribableType[];
}

/** Every subscribable type once, in its group, in the list's own order; empty groups are left out. */
export function subscribableEventGroups(): EventGroup[] {
  const groups: EventGroup[] = [...GROUPS.map(({ label }) => ({ label, types: [] as SubscribableType[] })), { label: "Other", types: [] }];
  for (const type of SUBSCRIBABLE_EVENT_TYPES) {
    const index = GROUPS.findIndex(({ prefixes }) => prefixes.some((prefix) => type.startsWith(prefix)));
    groups[index === -1 ? GROUPS.length : index]!.types.push(type);
  }
  return groups.filter((group) => group.types.length > 0);
}
