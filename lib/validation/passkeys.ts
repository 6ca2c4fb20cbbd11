import * as z from "zod";
import { idSchema, printable } from "./common";
import { mfaTokenSchema, signOutOtherSessionsField } from "./mfa";

// Inputs of the passkey endpoints and forms. The WebAuthn responses are the JSON forms that
// @simplewebauthn/browser's startRegistration/startAuthentication return (every binary field
// base64url); the library checks their contents, these schemas only bound their shape and size.

const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, "must be base64url");

// The same rule as every other name (printable): without it a NUL reached PostgreSQL (a 500), and
// a bidi override or hidden characters could make the name read as something else in the list.
export const passkeyNameSchema = printable(
  z.string({ error: "Give the passkey a name." }).trim().min(1, "Give the passkey a name.").max(64, "Keep the name under 64 characters."),
);

const transports = z.array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"])).max(8);
const credentialBase = {
  id: base64url(1400).min(1),
  rawId: base64url(1400).min(1),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

/** navigator.credentials.create()'s answer, as JSON. */
export const registrationResponseSchema = z
  .object({
    ...credentialBase,
    response: z.object({
      clientDataJSON: base64url(8192).min(1),
      attestationObject: base64url(65536).min(1),
      authenticatorData: base64url(65536).optional(),
      transports: transports.optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: base64url(8192).optional(),
    }),
  })
  .meta({
    id: "WebAuthnRegistrationResponse",
    description: "The credential from navigator.credentials.create(), JSON-encoded (binary fields base64url).",
  });

/** navigator.credentials.get()'s answer, as JSON. */
export const authenticationResponseSchema = z
  .object({
    ...credentialBase,
    response: z.object({
      clientDataJSON: base64url(8192).min(1),
      authenticatorData: base64url(65536).min(1),
      signature: base64url(2048).min(1),
      userHandle: base64url(1024).optional(),
    }),
  })
  .meta({
    id: "WebAuthnAuthenticationResponse",
    description: "The assertion from navigator.credentials.get(), JSON-encoded (binary fields base64url).",
  });

/** POST /api/auth/passkeys/register/verify. */
export const passkeyRegisterSchema = z.object({
  response: registrationResponseSchema,
  name: passkeyNameSchema.optional().meta({ description: "Defaults to the browser and system the passkey was added from." }),
  signOutOtherSessions: signOutOtherSessionsField,
});

/** PATCH /api/auth/passkeys/{id}. */
export const passkeyRenameSchema = z.object({ name: passkeyNameSchema });
export type PasskeyRenameInput = z.infer<typeof passkeyRenameSchema>;

export const passkeyParamsSchema = z.object({ id: idSchema });

/** POST /api/auth/passkeys/authenticate/options. */
export const passkeyOptionsSchema = z.object({
  mfaToken: mfaTokenSchema
    .optional()
    .meta({ description: "The mfaToken of a 403 mfa_required: the options then name that account's passkeys." }),
});

/** POST /api/auth/passkeys/authenticate/verify. */
export const passkeyAuthenticateSchema = z.object({
  response: authenticationResponseSchema,
  mfaToken: mfaTokenSchema
    .optional()
    .meta({ description: "Finish the second step of this sign-in (the options must have been asked with it)." }),
});
