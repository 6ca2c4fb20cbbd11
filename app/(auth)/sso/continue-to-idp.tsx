"use client";
import { useEffect } from "react";

/**
 * Takes the browser on to the identity provider as soon as scripts run. Not a redirect of the
 * form's request: a form submission may only lead to this site (CSP `form-action 'self'`, which
 * browsers apply to the redirects that follow it too), so the page answers with a link and this
 * navigation, which is no form submission.
 */
export function ContinueToIdp({ url }: { url: string }) {
  useEffect(() => {
    window.location.replace(url);
  }, [url]);
  return null;
}
