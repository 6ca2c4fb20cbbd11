import type { ActionResult } from "./result";

// A form posted as FormData (before scripts run, or with JavaScript off) becomes the plain object
// our wrapped actions take, so the same zod schema and action serve both. React's own hidden
// fields ($ACTION_…) are not input; blank fields mean "not given".

export function postedFields(form: FormData): Record<string, string> {
  const input: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION") || typeof value !== "string" || value === "") continue;
    input[key] = value;
  }
  return input;
}

/** A form's state between submissions: null until its first answer. */
export type PostedState<T> = ActionResult<T> | null;
