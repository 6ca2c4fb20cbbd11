"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/**
 * A link that marks itself as the current page (aria-current) for styling and screen readers: on
 * `href` and the pages under it, or under `section` instead when its pages live elsewhere (the
 * /admin user list's are under /admin/users).
 */
export function NavLink({
  href,
  children,
  exact = false,
  section,
}: {
  href: string;
  children: ReactNode;
  exact?: boolean;
  section?: string;
}) {
  // null only outside the App Router (pages/ holds API routes, never this component).
  const pathname = usePathname() ?? "";
  const under = section ?? href;
  const current = pathname === href || (!exact && (pathname === under || pathname.startsWith(`${under}/`)));
  return (
    <Link href={href} aria-current={current ? "page" : undefined}>
      {children}
    </Link>
  );
}
