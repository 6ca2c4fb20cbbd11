"use client";
import { useId } from "react";

// The offer that goes with turning on a first factor or removing one (API.md, "Factor changes and
// other sessions"): checked by default, since a session opened before the change may be an
// attacker's. Posted as "on" when checked, absent when not (signOutOtherSessionsBox).

export function SignOutOthersBox({ onChange }: { onChange?: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          name="signOutOtherSessions"
          value="on"
          defaultChecked
          aria-describedby={`${id}-hint`}
          onChange={(e) => onChange?.(e.target.checked)}
        />
        Sign out my other sessions
      </label>
      <p className="field-hint" id={`${id}-hint`}>
        Every other browser and app signed in to your account will have to sign in again. This one stays signed in.
      </p>
    </div>
  );
}
