// Checks a response against the OpenAPI document the app serves, the way a validating proxy in
// front of the API would: the status must be one the operation describes, the content type one
// of that response's media types, and the body must satisfy its schema. tests/support/api.ts runs
// it on every response the integration tests receive, so a route and its description cannot
// drift apart without a test failing.
//
// Ajv validates JSON Schema 2020-12, the dialect of OpenAPI 3.1 schemas, itself (no OpenAPI
// subset to translate from), with formats (email, date-time) from ajv-formats, and it is the
// validator most of the ecosystem (Fastify, openapi-backend, Redocly) relies on.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/lib/openapi/document";

type Responses = Record<string, { content?: Record<string, { schema?: unknown }> }>;
type PathItem = Partial<Record<string, { responses: Responses }>>;

const DOCUMENT_ID = "https://keystone-auth.test/api/openapi.json";
const document = openApiDocument("http://localhost:3000") as unknown as { paths: Record<string, PathItem> };

const ajv = new Ajv2020({ allErrors: true, strict: true });
// The document's own fields are not schema keywords: declaring them lets Ajv load the whole
// document (so `#/components/schemas/…` references resolve) while staying strict inside schemas.
ajv.addVocabulary(["openapi", "info", "servers", "paths", "components", "tags", "security", "webhooks", "externalDocs"]);
addFormats(ajv);
ajv.addSchema({ ...document, $id: DOCUMENT_ID });

const validators = new Map<string, ValidateFunction>();
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

function validatorFor(template: string, method: string, status: string, mediaType: string) {
  const ref = `${DOCUMENT_ID}#/${pointer("paths", template, method, "responses", status, "content", mediaType, "schema")}`;
  let validate = validators.get(ref);
  if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
  return validate;
}

/** The path template describing `pathname`; static segments win over `{param}` ones. */
function templateOf(pathname: string): string | undefined {
  const parts = pathname.split("/");
  const matches = Object.keys(document.paths).filter((template) => {
    const t = template.split("/");
    return t.length === parts.length && t.every((seg, i) => seg === parts[i] || (/^\{.+\}$/.test(seg) && parts[i] !== ""));
  });
  const params = (t: string) => (t.match(/\{/g) ?? []).length;
  return matches.sort((a, b) => params(a) - params(b))[0];
}

export interface ObservedResponse {
  method: string;
  pathname: string;
  status: number;
  contentType: string | null;
  text: string;
  body: unknown;
}

/** Every way `response` disagrees with the document; empty when it conforms. */
export function conformanceProblems(response: ObservedResponse): string[] {
  const template = templateOf(response.pathname);
  const method = response.method === "HEAD" ? "get" : response.method.toLowerCase();
  const operation = template ? document.paths[template]?.[method] : undefined;
  const mediaType = response.contentType?.split(";")[0]!.trim().toLowerCase() ?? null;
  const hasBody = response.method !== "HEAD" && response.text.length > 0;

  // OPTIONS is HTTP's own question (which methods, in Allow), not an operation the document describes.
  if (response.method === "OPTIONS" && response.status === 204 && !hasBody) return [];
  if (!operation) {
    // Not an operation of the API (an unknown path, a method a path does not serve): the answer
    // must still be a problem document, as the contract says of every error.
    if (response.status < 400) return [`${response.status} from an operation the document does not describe`];
    return mediaType === "application/problem+json"
      ? bodyProblems(ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/Problem`)!, response)
      : [`${response.status} answered ${mediaType ?? "no body"}, not problem+json`];
  }
  const status = String(response.status);
  const described = operation.responses[status] ?? operation.responses["default"];
  if (!described) return [`status ${status} is not among the described ones (${Object.keys(operation.responses).join(", ")})`];
  const content = described.content ?? {};
  if (!hasBody)
    return Object.keys(content).length && response.method !== "HEAD"
      ? [`no body, but ${Object.keys(content).join(" or ")} is described`]
      : [];
  if (!mediaType || !(mediaType in content))
    return [`content type ${mediaType} is not among ${Object.keys(content).join(", ") || "none (no body described)"}`];
  if (!content[mediaType]!.schema) return [];
  const key = operation.responses[status] ? status : "default";
  return bodyProblems(validatorFor(template!, method, key, mediaType), response);
}

function bodyProblems(validate: ValidateFunction, response: ObservedResponse): string[] {
  const problems = validate(response.body)
    ? []
    : (validate.errors ?? []).map(
        (e) =>
          `body${e.instancePath} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`,
      );
  // A problem document repeats the status it came with (RFC 9457 §3.1.3).
  const body = response.body as { status?: unknown } | undefined;
  if (response.contentType?.startsWith("application/problem+json") && body?.status !== response.status)
    problems.push(`problem status ${String(body?.status)} ≠ ${response.status}`);
  return problems;
}

/** Throws, naming each disagreement, when `response` does not fit the document. */
export function assertConforms(response: ObservedResponse) {
  const problems = conformanceProblems(response);
  if (problems.length) {
    throw new Error(
      `${response.method} ${response.pathname} → ${response.status} does not match /api/openapi.json:\n  - ${problems.join("\n  - ")}\n  body: ${response.text.slice(0, 500)}`,
    );
  }
}
