"use client";
import Link from "next/link";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionForm } from "@/components/form/use-action-form";
import { undoEmailChangeSchema } from "@/lib/validation/auth";
import { undoEmailChangeAction } from "./actions";

export function UndoEmailChangeForm({ token }: { token: string }) {
  const { form, formError, notice, submitWith } = useActionForm(undoEmailChangeSchema, { token });
  const onSubmit = submitWith(undoEmailChangeAction);
  if (notice) {
    return (
      <>
        <div className="alert alert-success" role="status" style={{ marginBottom: "1rem" }}>
          {notice}
        </div>
        <Link className="btn btn-primary" href="/forgot-password">
          Reset your password
        </Link>
      </>
    );
  }
  return (
    <ActionForm form={form} onSubmit={onSubmit} formError={formError} label="Undo the email change">
      <input type="hidden" {...form.register("token")} />
      <SubmitButton pendingText="Restoring…">Put my old address back</SubmitButton>
    </ActionForm>
  );
}
