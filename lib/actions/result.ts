// What every server action answers. Client-safe: forms import the type and map it onto fields.

export type ActionResult<T = null> =
  | { ok: true; data: T; message?: string }
  | {
      ok: false;
      /** A sentence for the top of the form. */
      formError?: string;
      /** Field name → the first message for it, shown next to the field. */
      fieldErrors?: Record<string, string>;
      /** Our stable error code (see lib/http/errors.ts), for forms that react to one. */
      code?: string;
      /** The problem's extension members a form acts on, such as sso_required's `ssoUrl` (a link it offers). */
      extensions?: Record<string, string>;
      /**
       * What was typed, minus every secret (lib/actions/form-input.ts), so a page re-rendered
       * after a submission without JavaScript shows the form as it was sent.
       */
      values?: Record<string, string | string[]>;
    };

/** A form's state between submissions: null until its first answer. */
export type FormState<T = null> = ActionResult<T> | null;
