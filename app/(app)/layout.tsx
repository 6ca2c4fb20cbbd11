import type { ReactNode } from "react";
import { ImpersonationBanner } from "@/components/impersonation/banner";
import { AppHeader } from "@/components/layout/app-header";
import { adminStanding } from "@/lib/admin/access";
import { currentProfile } from "@/lib/auth/page-session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const current = await currentProfile();
  // The link is shown to admins only; the pages behind it check everything again.
  const admin = current && !current.principal.impersonatorId ? (await adminStanding(current.principal.userId)) !== "none" : false;
  return (
    <>
      {current?.principal.impersonatorId && <ImpersonationBanner email={current.profile.email} />}
      <AppHeader profile={current?.profile ?? null} admin={admin} />
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}
