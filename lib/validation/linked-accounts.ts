import * as z from "zod";

// Connected sign-in providers (profile page): one schema per input, shared by the form and the
// server action.

export const oauthProviderSchema = z.enum(["github", "google"], { message: "Unknown sign-in provider." });

/** "Connect GitHub": the password opens the step-up window the OAuth callback will check. */
export const connectProviderSchema = z.object({
  provider: oauthProviderSchema,
  password: z.string().min(1, "Enter your password to connect an account.").max(1024),
});
export type ConnectProviderInput = z.infer<typeof connectProviderSchema>;

/** "Remove GitHub": the password when the step-up window is closed, as connecting needs. */
export const disconnectProviderSchema = z.object({ provider: oauthProviderSchema, password: z.string().max(1024).optional() });
