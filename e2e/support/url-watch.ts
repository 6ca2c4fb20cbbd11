import type { BrowserContext } from "@playwright/test";

// Records every URL a browser context requests and every redirect target it is sent to, so a
// test can assert that no secret typed into a form ever travels in one (address bar, history,
// access logs, Referer).

export interface UrlWatch {
  /** Every request URL, in order. */
  requests: string[];
  /** Every Location header of a redirect answer. */
  redirects: string[];
  /** Every Referer header sent. */
  referers: string[];
  /** The URLs, redirect targets and Referers that carry `secret` (as typed or URL-encoded). */
  carrying(secret: string): string[];
}

export function watchUrls(context: BrowserContext): UrlWatch {
  const watch: UrlWatch = {
    requests: [],
    redirects: [],
    referers: [],
    carrying(secret) {
      const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
      return [...watch.requests, ...watch.redirects, ...watch.referers].filter((url) => [...forms].some((form) => url.includes(form)));
    },
  };
  context.on("request", (request) => {
    watch.requests.push(request.url());
    const referer = request.headers()["referer"];
    if (referer) watch.referers.push(referer);
  });
  context.on("response", (response) => {
    const location = response.headers()["location"];
    if (location) watch.redirects.push(location);
  });
  return watch;
}
