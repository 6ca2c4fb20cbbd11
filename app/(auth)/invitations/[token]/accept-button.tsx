"use client";
import { useRouter } from "next/navigation";
import { ActionButton } from "@/components/ui/confirm-button";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationButton({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter();
  return (
    <ActionButton
      variant="primary"
      run={async () => {
        const result = await acceptInvitationAction({ token });
        if (result.ok) {
          router.push(`/organizations/${result.data.organizationId}`);
          router.refresh();
        }
        return result;
      }}
      pendingText="Joining…"
      label={`Accept invitation to ${orgName}`}
    >
      Accept invitation
    </ActionButton>
  );
}
