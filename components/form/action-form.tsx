"use client";
import type { FormEvent, ReactNode } from "react";
import { FormProvider, type FieldValues, type UseFormReturn } from "react-hook-form";

/** What ActionForm needs from useActionForm (components/form/use-action-form.ts). */
export interface ActionFormController<T extends FieldValues, U extends FieldValues> {
  form: UseFormReturn<T, unknown, U>;
  formAction: (form: FormData) => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => unknown;
  formError: string | null;
  notice: string | null;
}

/**
 * A form that posts to its server action from the first byte of HTML (method POST, never a GET
 * with the fields in the URL), with its messages at the top: errors in an alert scoped to the
 * form, notices as status.
 */
export function ActionForm<T extends FieldValues, U extends FieldValues>({
  controller,
  children,
  label,
}: {
  controller: ActionFormController<T, U>;
  children: ReactNode;
  label?: string;
}) {
  const { form, formAction, onSubmit, formError, notice } = controller;
  return (
    <FormProvider {...form}>
      <form className="form" action={formAction} onSubmit={onSubmit} noValidate aria-label={label}>
        {formError && (
          <div className="alert alert-error" role="alert">
            {formError}
          </div>
        )}
        {notice && (
          <div className="alert alert-success" role="status">
            {notice}
          </div>
        )}
        {children}
      </form>
    </FormProvider>
  );
}
