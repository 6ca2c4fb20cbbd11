"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type * as z from "zod";
import type { ActionResult } from "@/lib/actions/result";

// react-hook-form validated by the SAME zod schema the server action and route handler use,
// plus the mapping of an action's answer back onto the fields and the top of the form.

export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues?: DefaultValues<z.input<S>>) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    // The resolver's generics do not follow zod 4's input/output split; the schema is the same.
    resolver: zodResolver(schema as never) as never,
    defaultValues,
    mode: "onTouched",
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function submitWith<T>(
    action: (input: unknown) => Promise<ActionResult<T>>,
    options: { onSuccess?: (result: Extract<ActionResult<T>, { ok: true }>) => void; clearOnError?: Path<z.input<S>>[] } = {},
  ) {
    return form.handleSubmit(async (values) => {
      setFormError(null);
      setNotice(null);
      let result: ActionResult<T>;
      try {
        result = await action(values);
      } catch (error) {
        // A redirect from the action is navigation, not a failure: let Next handle it.
        if (error && typeof error === "object" && "digest" in error && String(error.digest).startsWith("NEXT_REDIRECT")) throw error;
        setFormError("We could not reach the server. Check your connection and try again.");
        return;
      }
      if (result.ok) {
        if (result.message) setNotice(result.message);
        options.onSuccess?.(result);
        return;
      }
      let placed = false;
      for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
        if (field in (form.getValues() as object)) {
          form.setError(field as Path<z.input<S>>, { type: "server", message }, { shouldFocus: !placed });
          placed = true;
        }
      }
      for (const field of options.clearOnError ?? []) form.setValue(field, "" as never);
      // A message already shown next to its field is not repeated at the top.
      const firstFieldMessage = Object.values(result.fieldErrors ?? {})[0];
      setFormError(placed ? null : (result.formError ?? firstFieldMessage ?? "That did not work. Please try again."));
    });
  }

  return { form, formError, notice, setNotice, setFormError, submitWith };
}
