import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listApiKeys } from "@/lib/api-keys/keys";
import { loadOrgPage } from "@/lib/auth/org-page";
import { formatDateTime } from "@/lib/format";
import { createApiKeyAction } from "../actions";
import { CreateKeyForm } from "./create-key-form";
import { KeysList } from "./keys-list";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { principal, access, can } = await loadOrgPage(orgId, `/organizations/${orgId}/api-keys`);
  if (!can("api_keys", "read")) notFound();
  const keys = await listApiKeys(principal, { orgId: access.organization.id });
  const stepUpOpen = Boolean(principal.stepUpUntil && principal.stepUpUntil > new Date());
  return (
    <div className="grid-2">
      {can("api_keys", "create") && (
        <section className="card" aria-labelledby="create-key-heading">
          <h2 id="create-key-heading">Create an API key</h2>
          <p className="small muted">
            Keys act for this organization only. Send one as the <code>X-API-Key</code> header.
          </p>
          <CreateKeyForm
            action={createApiKeyAction.bind(null, access.organization.id)}
            grantable={access.permissions}
            needsPassword={!stepUpOpen}
          />
        </section>
      )}
      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">API keys</h2>
        <KeysList
          orgId={access.organization.id}
          canDelete={can("api_keys", "delete")}
          keys={keys.map((k) => ({
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            permissions: k.permissions.map((p) => `${p.resource}:${p.action}`).join(", "),
            created: formatDateTime(k.createdAt),
            lastUsed: formatDateTime(k.lastUsedAt),
            expires: k.expiresAt ? formatDateTime(k.expiresAt) : null,
          }))}
        />
      </section>
    </div>
  );
}
