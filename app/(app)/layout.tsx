import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { isInstanceAdmin } from "@/lib/admin/access";
import { currentProfile } from "@/lib/auth/page-session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const current = await currentProfile();
  // The link is shown to admins only; the pages behind it check everything again.
  const admin = current ? await isInstanceAdmin(current.principal.userId) : false;
  return (
    <>
      <AppHeader profile={current?.profile ?? null} admin={admin} />
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}
