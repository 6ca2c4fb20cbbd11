import * as z from "zod";
import { checkboxSchema } from "./common";
import { createOAuthClientSchema, oauthClientNameSchema, oauthClientParamsSchema, updateOAuthClientSchema } from "./oauth-clients";

// The forms of /admin/oauth-clients: redirect URIs typed one per line, the allowed scopes and
// first-party as checkboxes, the ID token's algorithm as radio buttons, read into what the API's own schemas in ./oauth-clients.ts take, so
// no rule of the API is written twice. The same schemas check the form in the browser
// (react-hook-form) and in the server action, with JavaScript or without.

/**
 * A textarea of one URI per line (blank lines and surrounding spaces ignored), checked by the
 * API's list schema. Every message sits on the textarea itself, naming the line it is about.
 */
function lines(list: z.ZodType<string[]>) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      const entries = (text ?? "").split(/\r\n|\r|\n/).flatMap((value, i) => (value.trim() ? [{ value: value.trim(), line: i + 1 }] : []));
      const parsed = list.safeParse(entries.map((entry) => entry.value));
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        const at = typeof issue.path[0] === "number" ? entries[issue.path[0]] : undefined;
        ctx.addIssue({ code: "custom", message: at ? `Line ${at.line}: ${issue.message}` : issue.message });
      }
      return z.NEVER;
    });
}

/** With no box ticked the browser posts no field at all: an empty choice, refused as with JavaScript (not the API's default). */
const pickedScopes = z.preprocess((value) => value ?? [], createOAuthClientSchema.shape.scopes.unwrap());

/** What both forms post, every time. */
const clientFields = {
  redirectUris: lines(createOAuthClientSchema.shape.redirectUris),
  postLogoutRedirectUris: lines(createOAuthClientSchema.shape.postLogoutRedirectUris),
  scopes: pickedScopes,
  firstParty: checkboxSchema,
  // A radio group with one always ticked: a post without it is refused, never read as the
  // default (which would quietly move an ES256 client back to RS256 on the edit form).
  idTokenSigningAlg: updateOAuthClientSchema.shape.idTokenSigningAlg.unwrap(),
};

/** Register a client: POST /api/admin/oauth-clients's input. */
export const oauthClientCreateFormSchema = createOAuthClientSchema.extend(clientFields);

/** A client's edit form (PATCH /api/admin/oauth-clients/{clientId}, every field posted), with the client's id. */
export const oauthClientEditFormSchema = updateOAuthClientSchema.extend({
  ...oauthClientParamsSchema.shape,
  name: oauthClientNameSchema,
  ...clientFields,
});
