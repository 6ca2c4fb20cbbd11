import type { ReactNode } from "react";
import { Brand } from "@/components/ui/brand";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-shell">
      <Brand />
      <main id="main" className="auth-card">
        {children}
      </main>
    </div>
  );
}
