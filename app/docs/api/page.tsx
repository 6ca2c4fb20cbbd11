import type { Metadata } from "next";
import { openApiDocument } from "@/lib/openapi/document";
import { Prose, SchemaView, schemaAnchor, TypeLabel, type JsonSchema } from "./schema-view";
import { DocTable, NameCell } from "./doc-table";
import styles from "./reference.module.css";

export const metadata: Metadata = { title: "API reference" };

// The API reference, rendered on the server from the same OpenAPI document /api/openapi.json
// serves: semantic HTML (headings, lists, tables with headers) in the app's own styles, so it
// reads without JavaScript, with a screen reader, and passes axe's WCAG 2.1 A/AA rules (an e2e
// test keeps it so). Swagger UI failed them (contrast, an unnamed select) and needed a bundle.

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}
interface MediaTypes {
  [mediaType: string]: { schema?: JsonSchema };
}
interface OperationObject {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: MediaTypes };
  responses: Record<string, { description: string; content?: MediaTypes; headers?: Record<string, unknown> }>;
}
interface Document {
  info: { title: string; version: string; description: string; license?: { name: string } };
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, { description?: string }> };
}

const SECURITY_NAMES: Record<string, string> = { bearer: "Bearer token", apiKey: "X-API-Key", cookie: "browser session" };

function operationsByTag(document: Document) {
  const byTag = new Map<string, { method: string; path: string; op: OperationObject }[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }
  return [...byTag];
}

const tagAnchor = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

function Operation({ method, path, op }: { method: string; path: string; op: OperationObject }) {
  const body = op.requestBody?.content["application/json"]?.schema;
  return (
    <section id={op.operationId} aria-labelledby={`${op.operationId}-title`} className={styles.operation}>
      <h3 id={`${op.operationId}-title`} className={styles.operationTitle}>
        <span className={styles.method}>{method.toUpperCase()}</span> <code className={styles.path}>{path}</code>{" "}
        <span className={styles.summary}>{op.summary}</span>
      </h3>
      <p>
        <Prose text={op.description} />
      </p>
      <p className={styles.note}>
        Authentication:{" "}
        {op.security.length ? op.security.map((s) => SECURITY_NAMES[Object.keys(s)[0]!] ?? Object.keys(s)[0]).join(", ") : "none"}
      </p>
      {op.parameters && op.parameters.length > 0 && (
        <>
          <h4>Parameters</h4>
          <DocTable
            caption={
              <>
                Parameters of {method.toUpperCase()} {path}
              </>
            }
            columns={["Name", "In", "Type", "Description"]}
          >
            {op.parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`}>
                <NameCell name={p.name} required={p.required} />
                <td>{p.in}</td>
                <td>
                  <TypeLabel schema={p.schema} />
                </td>
                <td>{(p.description ?? p.schema.description) ? <Prose text={(p.description ?? p.schema.description)!} /> : null}</td>
              </tr>
            ))}
          </DocTable>
        </>
      )}
      {body && (
        <>
          <h4>Request body (application/json)</h4>
          <SchemaView schema={body} caption={`Request body of ${method.toUpperCase()} ${path}`} />
        </>
      )}
      <h4>Responses</h4>
      <DocTable
        caption={
          <>
            Responses of {method.toUpperCase()} {path}
          </>
        }
        columns={["Status", "Meaning", "Body"]}
      >
        {Object.entries(op.responses).map(([status, response]) => {
          const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
          return (
            <tr key={status}>
              <th scope="row">{status}</th>
              <td>
                <Prose text={response.description} />
                {response.headers?.["Retry-After"] ? <span className={styles.note}> (with Retry-After)</span> : null}
              </td>
              <td>
                {media?.schema ? (
                  <>
                    <span className={styles.note}>{mediaType}: </span>
                    <TypeLabel schema={media.schema.properties ? { ...media.schema, type: objectLabel(media.schema) } : media.schema} />
                  </>
                ) : (
                  <span className={styles.note}>none</span>
                )}
              </td>
            </tr>
          );
        })}
      </DocTable>
    </section>
  );
}

/** Inline response objects are lists (`{ items }`) or small objects: name their fields. */
function objectLabel(schema: JsonSchema) {
  return `object { ${Object.keys(schema.properties ?? {}).join(", ")} }`;
}

export default function ApiReferencePage() {
  const document = openApiDocument("") as unknown as Document;
  const tags = operationsByTag(document);
  const schemas = Object.entries(document.components.schemas);
  return (
    <main className={styles.page}>
      <a className="skip-link" href="#operations">
        Skip to the operations
      </a>
      <h1>API reference</h1>
      <p className="muted">
        {document.info.title} {document.info.version}. Generated from the same schemas that validate requests. The raw OpenAPI 3.1 document
        is at <a href="/api/openapi.json">/api/openapi.json</a>: generate a typed client from it (see docs/api.md).
      </p>
      <p>
        <Prose text={document.info.description} />
      </p>
      <nav aria-label="Contents" className={styles.contents}>
        <h2>Contents</h2>
        <ul>
          {tags.map(([tag, ops]) => (
            <li key={tag}>
              <a href={`#${tagAnchor(tag)}`}>{tag}</a>
              <ul>
                {ops.map(({ method, path, op }) => (
                  <li key={op.operationId}>
                    <a href={`#${op.operationId}`}>
                      {method.toUpperCase()} {path}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
          <li>
            <a href="#schemas">Schemas</a>
          </li>
        </ul>
      </nav>
      <div id="operations">
        {tags.map(([tag, ops]) => (
          <section key={tag} aria-labelledby={tagAnchor(tag)} className={styles.tag}>
            <h2 id={tagAnchor(tag)}>{tag}</h2>
            {ops.map((o) => (
              <Operation key={o.op.operationId} {...o} />
            ))}
          </section>
        ))}
      </div>
      <section aria-labelledby="schemas" className={styles.tag}>
        <h2 id="schemas">Schemas</h2>
        {schemas.map(([name, schema]) => (
          <section key={name} id={schemaAnchor(name)} aria-labelledby={`${schemaAnchor(name)}-title`} className={styles.operation}>
            <h3 id={`${schemaAnchor(name)}-title`}>{name}</h3>
            {schema.description && (
              <p>
                <Prose text={schema.description} />
              </p>
            )}
            <SchemaView schema={schema} caption={`Fields of ${name}`} />
          </section>
        ))}
      </section>
    </main>
  );
}
