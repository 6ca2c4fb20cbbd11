import * as z from "zod";

// Roles are fixed sets of { resource, action } permissions, defined here and nowhere else.
// Client-safe: the pages use it to decide what to show (the server decides what is allowed).

export const RESOURCES = ["organization", "members", "invitations", "api_keys", "audit_log"] as const;
export const ACTIONS = ["read", "create", "update", "delete"] as const;
export const ROLES = ["owner", "admin", "member"] as const;

export type Resource = (typeof RESOURCES)[number];
export type Action = (typeof ACTIONS)[number];
export type RoleName = (typeof ROLES)[number];

export const permissionSchema = z.object({ resource: z.enum(RESOURCES), action: z.enum(ACTIONS) });
export type Permission = z.infer<typeof permissionSchema>;

const all = RESOURCES.flatMap((resource) => ACTIONS.map((action) => ({ resource, action })));

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  owner: all,
  admin: all.filter((p) => !(p.resource === "organization" && p.action === "delete")),
  member: [
    { resource: "organization", action: "read" },
    { resource: "members", action: "read" },
  ],
};

export const permissionsOf = (role: RoleName): Permission[] => ROLE_PERMISSIONS[role].map((p) => ({ ...p }));

export const hasPermission = (granted: readonly Permission[], resource: Resource, action: Action) =>
  granted.some((p) => p.resource === resource && p.action === action);

/** True when every permission of `subset` is also in `of`. */
export const isSubset = (subset: readonly Permission[], of: readonly Permission[]) =>
  subset.every((p) => hasPermission(of, p.resource, p.action));
