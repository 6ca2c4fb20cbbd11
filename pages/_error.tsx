import type { NextPageContext } from "next";
import Link from "next/link";
import { ApiError, problemBody } from "@/lib/http/errors";

// What Next renders for a request it refuses before any route runs: a URL whose percent-encoding
// does not decode (`/api/organizations/%ff/members`: Next answers 400 with this page), or an error
// outside every route handler. An API client gets problem+json there too, never HTML (the
// contract): a path that does not decode names no resource, so it is the 404 of an unknown /api
// path; anything else is a 500 without details. Pages keep a plain page.

interface Props {
  statusCode: number;
}

function ErrorPage({ statusCode }: Props) {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", padding: "3rem", textAlign: "center" }}>
      <h1>{statusCode === 400 || statusCode === 404 ? "This page could not be found." : "Something went wrong."}</h1>
      <p>
        <Link href="/">Go to the start page</Link>
      </p>
    </main>
  );
}

ErrorPage.getInitialProps = ({ req, res, err }: NextPageContext): Props => {
  const statusCode = res?.statusCode ?? err?.statusCode ?? 404;
  if (res && !res.headersSent && req?.url?.startsWith("/api/")) {
    const error = statusCode < 500 ? new ApiError("not_found", "No resource at this path.") : new ApiError("internal_error");
    res.statusCode = error.status;
    res.setHeader("content-type", "application/problem+json");
    res.setHeader("cache-control", "no-store");
    res.end(JSON.stringify(problemBody(error)));
  }
  return { statusCode };
};

export default ErrorPage;
