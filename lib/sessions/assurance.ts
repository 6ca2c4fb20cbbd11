// How a session was authenticated: RFC 8176 method names and the assurance level they reach.
// Client-safe types only.

export interface Assurance {
  amr: string[];
  aal: "aal1" | "aal2";
}

export const SINGLE_FACTOR = (amr: string): Assurance => ({ amr: [amr], aal: "aal1" });

/** A stored aal, read defensively: anything but "aal2" is aal1. */
export const aalOf = (value: string | null | undefined): Assurance["aal"] => (value === "aal2" ? "aal2" : "aal1");

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}
