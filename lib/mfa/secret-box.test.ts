import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, resetConfigForTests } from "@/lib/config/env";
import { open, seal, sealedKid, sealedWithCurrentKey, UnopenableSecretError } from "./secret-box";

// The box that seals authenticator-app secrets: keys rotate without stranding a box, boxes
// written before keys were named still open, and a box no configured key opens is a typed error.

const AUTH_A = "auth-secret-A-auth-secret-A-auth-secret-A-0123";
const AUTH_B = "auth-secret-B-auth-secret-B-auth-secret-B-0123";
const MFA_A = "mfa-key-A-mfa-key-A-mfa-key-A-mfa-key-A-012345";
const MFA_B = "mfa-key-B-mfa-key-B-mfa-key-B-mfa-key-B-012345";
const CONTEXT = "totp:user-1";
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const VARIABLES = ["AUTH_SECRET", "AUTH_PREVIOUS_SECRETS", "MFA_ENCRYPTION_KEY", "MFA_ENCRYPTION_PREVIOUS_KEYS"] as const;

function configure(env: Partial<Record<(typeof VARIABLES)[number], string>>) {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, { AUTH_SECRET: AUTH_A, ...env });
  resetConfigForTests();
}

/** A box exactly as the release before v2 wrote it (AES-256-GCM under HKDF of AUTH_SECRET). */
function v1Box(authSecret: string, plaintext: string) {
  const key = Buffer.from(hkdfSync("sha256", authSecret, "keystone-auth", "totp-secret-v1", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), sealed.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

const unopenable = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UnopenableSecretError);
    return error as UnopenableSecretError;
  }
  throw new Error("expected UnopenableSecretError");
};

beforeEach(() => {
  process.env.JWT_SECRET ??= "unit-test-jwt-secret-unit-test-jwt-secret-01234";
  process.env.DATABASE_URL ??= "postgresql://unused@localhost:1/unused";
});
afterEach(() => configure({}));

describe("secret box: rotating MFA_ENCRYPTION_KEY", () => {
  it("opens a box sealed with key A after rotating to B with A previous; new boxes use B", () => {
    configure({ MFA_ENCRYPTION_KEY: MFA_A });
    const box = seal(SECRET, CONTEXT);
    const kidA = sealedKid(box);
    expect(box).toMatch(/^v2\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(box).not.toContain(SECRET);

    configure({ MFA_ENCRYPTION_KEY: MFA_B, MFA_ENCRYPTION_PREVIOUS_KEYS: `${MFA_A}` });
    expect(open(box, CONTEXT)).toBe(SECRET);
    expect(sealedWithCurrentKey(box)).toBe(false);
    const resealed = seal(open(box, CONTEXT), CONTEXT);
    expect(sealedKid(resealed)).not.toBe(kidA);
    expect(sealedWithCurrentKey(resealed)).toBe(true);

    // Once A is dropped, its box is a typed error naming the missing key; B's box still opens.
    configure({ MFA_ENCRYPTION_KEY: MFA_B });
    const error = unopenable(() => open(box, CONTEXT));
    expect(error.reason).toBe("unknown_key");
    expect(error.kid).toBe(kidA);
    expect(error.message).not.toContain(MFA_A);
    expect(open(resealed, CONTEXT)).toBe(SECRET);
  });

  it("moving from no key to a key strands nothing: AUTH_SECRET's key still opens", () => {
    configure({});
    const before = seal(SECRET, CONTEXT);
    configure({ MFA_ENCRYPTION_KEY: MFA_A });
    expect(open(before, CONTEXT)).toBe(SECRET);
    expect(sealedWithCurrentKey(before)).toBe(false);
    expect(sealedWithCurrentKey(seal(SECRET, CONTEXT))).toBe(true);
  });

  it("rotating AUTH_SECRET without an MFA key keeps boxes open through AUTH_PREVIOUS_SECRETS", () => {
    configure({ AUTH_SECRET: AUTH_A });
    const box = seal(SECRET, CONTEXT);
    configure({ AUTH_SECRET: AUTH_B, AUTH_PREVIOUS_SECRETS: AUTH_A });
    expect(open(box, CONTEXT)).toBe(SECRET);
    configure({ AUTH_SECRET: AUTH_B });
    expect(unopenable(() => open(box, CONTEXT)).reason).toBe("unknown_key");
  });
});

describe("secret box: v1 boxes", () => {
  it("still open, under AUTH_SECRET, with an MFA key set, and after AUTH_SECRET moved to the previous list", () => {
    const box = v1Box(AUTH_A, SECRET);
    configure({ AUTH_SECRET: AUTH_A });
    expect(open(box, CONTEXT)).toBe(SECRET);
    configure({ AUTH_SECRET: AUTH_A, MFA_ENCRYPTION_KEY: MFA_A });
    expect(open(box, CONTEXT)).toBe(SECRET);
    configure({ AUTH_SECRET: AUTH_B, AUTH_PREVIOUS_SECRETS: `${MFA_B},${AUTH_A}`, MFA_ENCRYPTION_KEY: MFA_A });
    expect(open(box, CONTEXT)).toBe(SECRET);
    expect(sealedWithCurrentKey(box)).toBe(false);
  });

  it("is a typed error when no configured key opens it", () => {
    const box = v1Box(AUTH_A, SECRET);
    configure({ AUTH_SECRET: AUTH_B, MFA_ENCRYPTION_KEY: MFA_A });
    const error = unopenable(() => open(box, CONTEXT));
    expect(error.reason).toBe("unknown_key");
    expect(error.kid).toBeNull();
  });
});

describe("secret box: damage and misuse", () => {
  it("refuses a tampered box, a box of another row, and anything that is not a box", () => {
    configure({ MFA_ENCRYPTION_KEY: MFA_A });
    const box = seal(SECRET, CONTEXT);
    const [v, kid, iv, ct, tag] = box.split(".");
    // The second-to-last character changes (all of its bits carry data whatever the length).
    const flipped = `${v}.${kid}.${iv}.${ct!.slice(0, -2)}${ct!.at(-2) === "A" ? "B" : "A"}${ct!.slice(-1)}.${tag}`;
    expect(unopenable(() => open(flipped, CONTEXT)).reason).toBe("corrupt");
    expect(unopenable(() => open(box, "totp:user-2")).reason).toBe("corrupt");
    expect(unopenable(() => open("not a box", CONTEXT)).reason).toBe("corrupt");
    expect(unopenable(() => open(`v2.${kid}.${iv}.${ct}`, CONTEXT)).reason).toBe("corrupt");
  });

  it("seals with a fresh IV every time", () => {
    configure({ MFA_ENCRYPTION_KEY: MFA_A });
    expect(seal(SECRET, CONTEXT)).not.toBe(seal(SECRET, CONTEXT));
  });
});

describe("configuration of the MFA keys", () => {
  it("holds every key to 32 characters, names the bad entry but not its value, and keeps the MFA key apart from AUTH_SECRET", () => {
    configure({ MFA_ENCRYPTION_KEY: "short" });
    expect(() => config()).toThrow(/MFA_ENCRYPTION_KEY: .*32/);
    configure({ MFA_ENCRYPTION_PREVIOUS_KEYS: `${MFA_A}, tiny-one` });
    expect(() => config()).toThrow(/MFA_ENCRYPTION_PREVIOUS_KEYS: entry 2 must be at least 32/);
    expect(() => config()).not.toThrow(/tiny-one/);
    configure({ AUTH_PREVIOUS_SECRETS: "tiny" });
    expect(() => config()).toThrow(/AUTH_PREVIOUS_SECRETS: entry 1/);
    configure({ MFA_ENCRYPTION_KEY: AUTH_A });
    expect(() => config()).toThrow(/MFA_ENCRYPTION_KEY: must differ from AUTH_SECRET/);
    configure({ AUTH_PREVIOUS_SECRETS: ` ${AUTH_B} , ${AUTH_A} ,` });
    expect(config().authSecrets).toEqual([AUTH_A, AUTH_B]);
  });
});
