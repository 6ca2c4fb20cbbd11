"use client";
import { useId } from "react";
import { useFormContext } from "react-hook-form";
import { FieldMessage } from "@/components/form/field-messages";
import { subscribableEventGroups } from "@/lib/events/groups";

// The `events` field of the webhook forms: one checkbox per type, in groups (a fieldset each),
// and "All events" ("*"), all named `events`, so the form posts them as a list without
// JavaScript; with it, react-hook-form reads the same boxes into the same list. Which boxes are
// ticked is in the server's HTML too (defaultChecked), so a page rendered again after a refused
// submission shows the choice as it was sent.

const GROUPS = subscribableEventGroups();

export function EventPicker() {
  const id = useId();
  const { register, formState } = useFormContext<{ events: string[] }>();
  const error = formState.errors.events?.message ?? formState.errors.events?.root?.message;
  const initial = formState.defaultValues?.events;
  const chosen = new Set(Array.isArray(initial) ? initial : typeof initial === "string" ? [initial] : []);
  const box = (value: string) => ({ type: "checkbox" as const, value, defaultChecked: chosen.has(value), ...register("events") });
  return (
    <fieldset className="event-picker" aria-describedby={[`${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ")}>
      <legend>Events</legend>
      <FieldMessage id={id} kind="hint">
        Which events this endpoint receives. “All events” includes every type below and any added later; the boxes below are then ignored.
      </FieldMessage>
      <label className="checkbox">
        <input {...box("*")} />
        <span>
          <strong>All events</strong>
        </span>
      </label>
      {GROUPS.map((group) => (
        <fieldset key={group.label} className="checkbox-grid">
          <legend>{group.label}</legend>
          {group.types.map((type) => (
            <label key={type} className="checkbox">
              <input {...box(type)} />
              <span className="mono">{type}</span>
            </label>
          ))}
        </fieldset>
      ))}
      <FieldMessage id={id} kind="error">
        {error}
      </FieldMessage>
    </fieldset>
  );
}
