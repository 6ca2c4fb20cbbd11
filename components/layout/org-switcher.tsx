"use client";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { switchOrganizationAction } from "./actions";
import { InlineError } from "@/components/ui/inline-error";

interface Org {
  id: string;
  name: string;
  role: string;
}

export function OrgSwitcher({ organizations, activeId }: { organizations: Org[]; activeId: string | null }) {
  const id = useId();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (organizations.length === 0) return null;

  function change(organizationId: string) {
    setError(null);
    startTransition(async () => {
      const result = await switchOrganizationAction({ organizationId });
      if (!result.ok) {
        setError(result.formError ?? "Could not switch organization.");
        return;
      }
      router.push(`/organizations/${organizationId}`);
      router.refresh();
    });
  }

  return (
    <div className="row" style={{ gap: "0.4rem" }}>
      <label htmlFor={id} className="small muted">
        Organization
      </label>
      <select
        id={id}
        value={activeId ?? ""}
        onChange={(e) => change(e.target.value)}
        disabled={pending}
        aria-busy={pending || undefined}
        style={{ width: "auto", maxWidth: "14rem", minHeight: 38, padding: "0.3rem 0.6rem" }}
      >
        {!activeId && <option value="">Choose…</option>}
        {organizations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <InlineError message={error} />
    </div>
  );
}
