import "server-only";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from "@simplewebauthn/server";
import { displayName } from "@/lib/accounts/profile";
import { browserAndSystem } from "@/lib/format";
import type { Principal } from "@/lib/auth/principal";
import { lockAccountFactors, raiseEnrollingSession, requireAal2IfFactorInTx, requireFactorChangeRights } from "@/lib/mfa/factor-changes";
import { PASSKEY_METHODS, passkeyMethod, settleSessionsAfterRemoval, signOutOtherSessions } from "@/lib/mfa/factor-sessions";
import { isPlausibleRef } from "@/lib/organizations/context";
import { cancelPendingSignIns } from "@/lib/sessions/end";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, conflict } from "@/lib/http/errors";
import { mfaStatus, replaceRecoveryCodes } from "@/lib/mfa/factors";
import { auditFactorChange, tellOwner } from "@/lib/mfa/notices";
import { challengeOf, spendChallenge, storeChallenge } from "./challenges";
import { CEREMONY_TTL_MS, PASSKEY_ALGORITHMS, relyingParty } from "./relying-party";

// Adding, listing, renaming and removing a person's passkeys. Adding starts from the step-up
// window (the options) and, like any first factor, hands out recovery codes; removing needs the
// window too, and removing the last factor drops the recovery codes (as removing the app does).

type UserPrincipal = Extract<Principal, { kind: "user" }>;

const ITEM = { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true } as const;
const notFound = () => new ApiError("not_found", "No such passkey.");

/** The user handle stored in the passkey: our user id, so a usernameless assertion names its account. */
export const userHandleOf = (userId: string) => new TextEncoder().encode(userId);

/** POST /api/auth/passkeys/register/options: creation options for navigator.credentials.create(). */
export async function registrationOptions(principal: UserPrincipal) {
  await requireFactorChangeRights(principal);
  const user = await db().user.findUniqueOrThrow({
    where: { id: principal.userId },
    select: { email: true, name: true, firstName: true, lastName: true, passkeys: { select: { credentialId: true, transports: true } } },
  });
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: displayName(user),
    userID: userHandleOf(principal.userId),
    timeout: CEREMONY_TTL_MS,
    attestationType: "none",
    // Discoverable (usernameless sign-in) and verified (a PIN or biometric makes it a full sign-in).
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
    // An authenticator that already holds one of this account's passkeys declines to make another.
    excludeCredentials: user.passkeys.map((p) => ({ id: p.credentialId, transports: p.transports })),
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
  });
  await storeChallenge(options.challenge, { purpose: "registration", userId: principal.userId });
  return options;
}

const refusedRegistration = (why: string) => new ApiError("invalid_token", `The passkey could not be added: ${why}. Start again.`);

/** POST /api/auth/passkeys/register/verify: checks the new credential and keeps it. */
export async function registerPasskey(
  principal: UserPrincipal,
  input: { response: RegistrationResponseJSON; name?: string; signOutOtherSessions?: boolean },
  client: ClientInfo,
) {
  // Checked again: the rights could have changed since the options were issued.
  await requireFactorChangeRights(principal);
  const challenge = challengeOf(input.response);
  await spendChallenge(challenge, { purpose: "registration", userId: principal.userId });
  const rp = relyingParty();
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
  }).catch(() => {
    // The library's own message can be an internal error's text: never echoed.
    throw refusedRegistration("the response is not valid");
  });
  if (!verification.verified) throw refusedRegistration("the response is not valid");
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;

  const created = await db()
    .$transaction(async (tx) => {
      await lockAccountFactors(tx, principal.userId);
      const { hadFactor } = await requireAal2IfFactorInTx(tx, principal);
      const passkey = await tx.passkey.create({
        data: {
          userId: principal.userId,
          credentialId: credential.id,
          publicKey: new Uint8Array(credential.publicKey),
          counter: BigInt(credential.counter),
          transports: credential.transports ?? input.response.response.transports ?? [],
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
          name: input.name ?? browserAndSystem(client.userAgent) ?? "Passkey",
        },
        select: { id: true, name: true, createdAt: true },
      });
      const recoveryCodes = hadFactor ? null : await replaceRecoveryCodes(tx, principal.userId);
      // The first factor, just used on this session: it becomes aal2 (a later one needs aal2 already).
      if (!hadFactor) await raiseEnrollingSession(tx, principal.sessionId, passkeyMethod(credentialDeviceType));
      if (input.signOutOtherSessions) await signOutOtherSessions(tx, principal.userId, principal.sessionId);
      await auditFactorChange(tx, principal.userId, "passkey_added", client, { passkeyId: passkey.id });
      return { ...passkey, ...(recoveryCodes ? { recoveryCodes } : {}) };
    })
    .catch((error: unknown) => {
      // The credential id is unique: the same authenticator key cannot be registered twice,
      // by this account or by another one.
      if ((error as { code?: string }).code === "P2002") throw conflict("This passkey is already registered.");
      throw error;
    });
  await tellOwner(principal.userId, "passkey_added");
  return created;
}

/** GET /api/auth/passkeys. */
export async function listPasskeys(userId: string) {
  const items = await db().passkey.findMany({ where: { userId }, select: ITEM, orderBy: { createdAt: "asc" } });
  return { items };
}

/** PATCH /api/auth/passkeys/{id}: only the owner's own passkeys (404 for anyone else's). */
export async function renamePasskey(principal: UserPrincipal, id: string, name: string) {
  refuseWhileImpersonating(principal, "passkeys");
  const userId = principal.userId;
  // An id of another shape names no passkey (and NUL and the like never reach a query).
  if (!isPlausibleRef(id)) throw notFound();
  const renamed = await db().passkey.updateManyAndReturn({ where: { id, userId }, data: { name }, select: ITEM });
  if (!renamed[0]) throw notFound();
  return renamed[0];
}

/**
 * DELETE /api/auth/passkeys/{id}. Sessions that used a passkey of its kind end (see
 * lib/mfa/factor-sessions.ts), and so do sign-ins waiting for their second step.
 */
export async function removePasskey(
  principal: UserPrincipal,
  id: string,
  client: ClientInfo,
  options: { signOutOtherSessions?: boolean } = {},
) {
  await requireFactorChangeRights(principal);
  if (!isPlausibleRef(id)) throw notFound();
  await db().$transaction(async (tx) => {
    await lockAccountFactors(tx, principal.userId);
    // Under the account's lock: nothing can remove it between the read and the delete.
    const removed = await tx.passkey.findFirst({ where: { id, userId: principal.userId }, select: { id: true } });
    if (!removed) throw notFound();
    await tx.passkey.delete({ where: { id } });
    // No factor left: nothing for recovery codes to recover.
    if (!(await mfaStatus(principal.userId, tx)).enabled) await tx.recoveryCode.deleteMany({ where: { userId: principal.userId } });
    await cancelPendingSignIns(tx, principal.userId);
    await settleSessionsAfterRemoval(tx, {
      userId: principal.userId,
      callerSessionId: principal.sessionId,
      // Every passkey method: a session's amr says hwk or swk from flags the authenticator sets at
      // each assertion, so it cannot tell which passkey (or which kind) a session really used.
      methods: PASSKEY_METHODS,
      signOutOtherSessions: options.signOutOtherSessions,
    });
    await auditFactorChange(tx, principal.userId, "passkey_removed", client, { passkeyId: id });
  });
  await tellOwner(principal.userId, "passkey_removed");
}
