"use client";
import Link from "next/link";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionForm } from "@/components/form/use-action-form";
import { undoEmailChangeSchema } from "@/lib/validation/auth";
import { undoEmailChangeAction } from "./actions";

export function UndoEmailChangeForm({ token }: { token: string }) {
  const controller = useActionForm(undoEmailChangeSchema, undoEmailChangeAction, { defaultValues: { token } });
  if (controller.notice) {
    return (
      <>
        <div className="alert alert-success" role="status" style={{ marginBottom: "1rem" }}>
          {controller.notice}
        </div>
        <Link className="btn btn-primary" href="/forgot-password">
          Reset your password
        </Link>
      </>
    );
  }
  return (
    <ActionForm controller={controller} label="Undo the email change">
      <input type="hidden" defaultValue={token} {...controller.form.register("token")} />
      <SubmitButton pendingText="Restoring…">Put my old address back</SubmitButton>
    </ActionForm>
  );
}
