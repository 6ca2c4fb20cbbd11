import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { currentProfile } from "@/lib/auth/page-session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const current = await currentProfile();
  return (
    <>
      <AppHeader profile={current?.profile ?? null} />
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}
