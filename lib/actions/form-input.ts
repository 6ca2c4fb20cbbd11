import * as z from "zod";

// A form posted as FormData (by the browser without JavaScript, or by the form component after
// react-hook-form validated it) becomes the same plain object an API client sends as JSON, so
// one zod schema and one action serve both.

/** Hidden inputs that name the fields where a blank answer means "not given" (TextField `optional`). */
export const OPTIONAL_MARKER = "__optional";

/** Fields never sent back to the page: passwords, codes, tokens and secrets are typed again. */
const SECRET_FIELD = /password|code|token|secret/i;

/** Top-level keys whose schema is a list (checkbox groups), read with getAll. */
function listKeys(schema: z.ZodType): Set<string> {
  const keys = new Set<string>();
  if (!(schema instanceof z.ZodObject)) return keys;
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    let inner: z.ZodType = field;
    for (;;) {
      if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault)
        inner = inner.unwrap() as z.ZodType;
      else if (inner instanceof z.ZodPipe) inner = inner.out as z.ZodType;
      else break;
    }
    if (inner instanceof z.ZodArray) keys.add(key);
  }
  return keys;
}

export function formDataToInput(form: FormData, schema: z.ZodType): Record<string, unknown> {
  const optional = new Set(form.getAll(OPTIONAL_MARKER).map(String));
  const lists = listKeys(schema);
  const input: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    // React's own fields ($ACTION_ID_…, $ACTION_REF_…) and our markers are not input.
    if (key.startsWith("$ACTION") || key === OPTIONAL_MARKER) continue;
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (lists.has(key)) {
      const items = values.filter((v) => v !== "");
      if (items.length) input[key] = items;
      continue;
    }
    const value = values[0];
    if (value === undefined || (value === "" && optional.has(key))) continue;
    input[key] = value;
  }
  return input;
}

/** The typed values that may be shown again: strings and lists of strings, never a secret. */
export function echoableValues(input: Record<string, unknown>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(input)) {
    if (SECRET_FIELD.test(key)) continue;
    if (typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string")))
      values[key] = value as string | string[];
  }
  return values;
}
