import type { ReactNode } from "react";
import { ImpersonationBanner } from "@/components/impersonation/banner";
import { AppHeader } from "@/components/layout/app-header";
import { currentProfile } from "@/lib/auth/page-session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const current = await currentProfile();
  return (
    <>
      {current?.principal.impersonatorId && <ImpersonationBanner email={current.profile.email} />}
      <AppHeader profile={current?.profile ?? null} />
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}
