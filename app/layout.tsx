import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { CspSafeZod } from "./csp-safe-zod";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keystone Auth", template: "%s · Keystone Auth" },
  description: "Self-hosted authentication for Next.js",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts must carry that request's CSP nonce (proxy.ts),
  // which a page prerendered at build time could not know.
  await connection();
  return (
    <html lang="en">
      <body>
        <CspSafeZod />
        {children}
      </body>
    </html>
  );
}
