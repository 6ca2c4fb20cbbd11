"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useActionState, useMemo, useState, type FormEvent } from "react";
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type Path } from "react-hook-form";
import type * as z from "zod";
import type { ActionResult, FormState } from "@/lib/actions/result";

// The one pattern for every form (progressive enhancement):
//
// - The form's `action` is the server action itself, through useActionState. React renders it
//   as <form method="POST" action=""> with the action's id in a hidden field, so from the first
//   byte of HTML, before any script runs or with JavaScript off, the browser POSTs it (never a GET
//   that would put a password in the URL). Next runs the action and renders the page again with
//   its answer: the same inline errors, the typed values except secrets, or its redirect.
// - Once JavaScript runs, react-hook-form validates with the SAME zod schema first, then sends
//   the form's own FormData to the same action, so the server sees one input either way.
//
// Success that leaves the page is a redirect() in the action; onSuccess is for forms that stay.

/** A server action as a form's action: (previous state, the posted form). */
export type FormAction<T> = (previous: FormState<T>, form: FormData) => Promise<ActionResult<T>>;

type Success<T> = Extract<ActionResult<T>, { ok: true }>;

export interface ActionFormOptions<S extends z.ZodType<FieldValues, FieldValues>, T> {
  defaultValues?: DefaultValues<z.input<S>>;
  onSuccess?: (result: Success<T>) => void;
  /** Fields emptied after a refusal (a wrong password is never left in its field). */
  clearOnError?: Path<z.input<S>>[];
  /**
   * Second buttons of the form (`name="intent"`, e.g. "send a new code") that need only some
   * fields: with JavaScript those are validated alone; the action tells them apart by `intent`.
   */
  partial?: Record<string, Path<z.input<S>>[]>;
  /** Last word before sending, after validation (e.g. a confirmation dialog); false stops it. */
  beforeSubmit?: () => boolean;
}

const isRedirect = (error: unknown) =>
  Boolean(
    error && typeof error === "object" && "digest" in error && String((error as { digest: unknown }).digest).startsWith("NEXT_REDIRECT"),
  );

export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, T>(
  schema: S,
  action: FormAction<T>,
  options: ActionFormOptions<S, T> = {},
) {
  // Not null only when the page was rendered as the answer to a POST made without JavaScript.
  const [postedResult, formAction] = useActionState<FormState<T>, FormData>(action, null);
  const [result, setResult] = useState<FormState<T>>(postedResult);
  const [clientError, setClientError] = useState<string | null>(null);
  /** The intent of a partial submission in flight (its button shows it is busy). */
  const [busyIntent, setBusyIntent] = useState<string | null>(null);

  const posted = postedResult && !postedResult.ok ? postedResult : null;
  // Server-side errors from a POST without JavaScript are the form's initial errors, so they are
  // in the server's HTML next to their fields.
  const initialErrors = useMemo(() => fieldErrorsOf(posted?.fieldErrors), [posted]);
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    // The resolver's generics do not follow zod 4's input/output split; the schema is the same.
    resolver: zodResolver(schema as never) as never,
    defaultValues: { ...options.defaultValues, ...posted?.values } as DefaultValues<z.input<S>>,
    errors: initialErrors as FieldErrors<z.input<S>> | undefined,
    mode: "onTouched",
  });

  function show(next: ActionResult<T>) {
    setResult(next);
    if (next.ok) {
      options.onSuccess?.(next);
      return;
    }
    let placed = false;
    for (const [field, message] of Object.entries(next.fieldErrors ?? {})) {
      if (field in (form.getValues() as object)) {
        form.setError(field as Path<z.input<S>>, { type: "server", message }, { shouldFocus: !placed });
        placed = true;
      }
    }
    for (const field of options.clearOnError ?? []) form.setValue(field, "" as never);
  }

  async function send(element: HTMLFormElement, submitter: HTMLElement | null) {
    setClientError(null);
    setResult(null);
    let next: ActionResult<T>;
    try {
      next = await action(null, new FormData(element, submitter));
    } catch (error) {
      // A redirect from the action is navigation, not a failure: Next is already following it.
      if (isRedirect(error)) return;
      setClientError("We could not reach the server. Check your connection and try again.");
      return;
    }
    show(next);
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    // React does not run the form's action for a prevented submit: we run it once validated.
    event.preventDefault();
    const intent = submitter instanceof HTMLButtonElement && submitter.name === "intent" ? submitter.value : null;
    const only = intent ? options.partial?.[intent] : undefined;
    if (intent && only) {
      return (async () => {
        if (!(await form.trigger(only))) return;
        setBusyIntent(intent);
        try {
          await send(element, submitter);
        } finally {
          setBusyIntent(null);
        }
      })();
    }
    return form.handleSubmit(async () => {
      if (options.beforeSubmit && !options.beforeSubmit()) return;
      await send(element, submitter ?? null);
    })(event);
  };

  const failure = result && !result.ok ? result : null;
  // A message already shown next to its field is not repeated at the top.
  const placedNextToField = Object.keys(failure?.fieldErrors ?? {}).some((field) => field in (form.getValues() as object));
  const formError =
    clientError ??
    (failure
      ? placedNextToField
        ? null
        : (failure.formError ?? Object.values(failure.fieldErrors ?? {})[0] ?? "That did not work. Please try again.")
      : null);
  const notice = result?.ok ? (result.message ?? null) : null;

  return {
    form,
    formAction,
    onSubmit,
    result,
    busyIntent,
    formError,
    notice,
  };
}

function fieldErrorsOf(messages: Record<string, string> | undefined) {
  if (!messages || Object.keys(messages).length === 0) return undefined;
  return Object.fromEntries(Object.entries(messages).map(([field, message]) => [field, { type: "server", message }]));
}
