"use client";
import type { FormEventHandler, ReactNode } from "react";
import { FormProvider, type FieldValues, type UseFormReturn } from "react-hook-form";

/** A form with its messages at the top: errors in an alert scoped to the form, notices as status. */
export function ActionForm<T extends FieldValues, U extends FieldValues>({
  form,
  onSubmit,
  formError,
  notice,
  children,
  label,
}: {
  form: UseFormReturn<T, unknown, U>;
  onSubmit: FormEventHandler<HTMLFormElement>;
  formError?: string | null;
  notice?: string | null;
  children: ReactNode;
  label?: string;
}) {
  return (
    <FormProvider {...form}>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={label}>
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
