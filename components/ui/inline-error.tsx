/** The error of a control that acts at once (a select, a button), next to it and announced. */
export function InlineError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" role="alert">
      {message}
    </span>
  );
}
