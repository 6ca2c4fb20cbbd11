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
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) if (isList(field)) keys.add(key);
  return keys;
}

/**
 * A list, possibly inside optional/default wrappers and pipes. Both sides of a pipe count: a
 * preprocess (one value or a list) has the list on its way out, a transform after the list
 * (folding or ordering it) has it on its way in.
 */
function isList(schema: z.ZodType): boolean {
  if (schema instanceof z.ZodArray) return true;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault)
    return isList(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodPipe) return isList(schema.in as z.ZodType) || isList(schema.out as z.ZodType);
  return false;
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

/** The options of a closed choice (radio buttons, a select: a z.enum, possibly optional or defaulted), else undefined. */
function choiceOptions(schema: z.ZodType | undefined): readonly unknown[] | undefined {
  if (schema instanceof z.ZodEnum) return schema.options;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault)
    return choiceOptions(schema.unwrap() as z.ZodType);
  return undefined;
}

/**
 * The typed values that may be shown again: strings and lists of strings, never a secret. A field
 * whose name says secret is left out, unless `schema` makes it a closed choice and the value is
 * one of its options: one of the page's own options hides nothing (`idTokenSigningAlg`, RS256 or
 * ES256, is no token).
 */
export function echoableValues(input: Record<string, unknown>, schema?: z.ZodType): Record<string, string | string[]> {
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(input)) {
    if (SECRET_FIELD.test(key) && !choiceOptions(shape[key])?.includes(value)) continue;
    if (typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string")))
      values[key] = value as string | string[];
  }
  return values;
}
