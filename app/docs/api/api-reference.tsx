"use client";

import dynamic from "next/dynamic";
import "swagger-ui-react/swagger-ui.css";

// Swagger UI touches `window` on load: render it in the browser only.
const SwaggerUI = dynamic(() => import("swagger-ui-react"), { ssr: false, loading: () => <p>Loading the reference…</p> });

export function ApiReference({ url }: { url: string }) {
  return <SwaggerUI url={url} docExpansion="list" defaultModelsExpandDepth={0} tryItOutEnabled={false} />;
}
