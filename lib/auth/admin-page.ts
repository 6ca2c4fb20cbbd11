import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { adminStanding, requireInstanceAdmin, type AdminPrincipal } from "@/lib/admin/access";
import { ApiError } from "@/lib/http/errors";
import { pagePrincipal } from "./page-session";

/**
 * The instance admin behind an /admin page, checked on the server on every request (the grant,
 * the second factor and this session's assurance, as the admin routes check them). Anyone else,
 * signed out included, finds no such page: the proxy lets /admin through without a cookie so that
 * the answer is the same 404 for everyone. An admin who lacks the second factor, or whose session
 * did not use it, is told what to do instead of the page (`blocked`).
 */
export type AdminPageAccess = { admin: AdminPrincipal; blocked?: never } | { admin?: never; blocked: "enrol" | "raise" | "prove" };

export const loadAdminPage = cache(async (): Promise<AdminPageAccess> => {
  const principal = await pagePrincipal();
  try {
    return { admin: await requireInstanceAdmin(principal) };
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    if (error instanceof ApiError && error.code === "mfa_enrollment_required") return { blocked: "enrol" };
    if (error instanceof ApiError && error.code === "mfa_required") return { blocked: "raise" };
    // Listed in ADMIN_EMAILS, the address not yet proved by this account (lib/admin/email-proof.ts).
    if (error instanceof ApiError && error.code === "forbidden" && principal && (await adminStanding(principal.userId)) === "listed") {
      return { blocked: "prove" };
    }
    throw error;
  }
});
