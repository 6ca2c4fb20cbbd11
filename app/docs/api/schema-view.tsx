import type { ReactNode } from "react";
import { DocTable, NameCell } from "./doc-table";
import styles from "./reference.module.css";

// Renders the JSON Schemas of the OpenAPI document as plain HTML: a named schema is a link to
// its section, an object is a table of its fields, anything else a short type label.

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export const schemaAnchor = (name: string) => `schema-${name}`;
const refName = (ref: string) => ref.split("/").pop()!;

/** Text with `code` spans, as the document's descriptions are written. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(`[^`]+`)/)
        .map((part, i) =>
          part.startsWith("`") && part.endsWith("`") && part.length > 1 ? <code key={i}>{part.slice(1, -1)}</code> : part,
        )}
    </>
  );
}

function limits(schema: JsonSchema): string[] {
  const notes: string[] = [];
  if (schema.format) notes.push(schema.format);
  if (schema.minLength !== undefined || schema.maxLength !== undefined)
    notes.push(`${schema.minLength ?? 0}–${schema.maxLength ?? "∞"} characters`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) notes.push(`${schema.minimum ?? "−∞"}–${schema.maximum ?? "∞"}`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes;
}

/** A one-line label for a schema that is not an inline object. */
export function TypeLabel({ schema }: { schema: JsonSchema }): ReactNode {
  if (schema.$ref) return <a href={`#${schemaAnchor(refName(schema.$ref))}`}>{refName(schema.$ref)}</a>;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants)
    return variants.map((v, i) => (
      <span key={i}>
        {i > 0 && " or "}
        <TypeLabel schema={v} />
      </span>
    ));
  if (schema.const !== undefined) return <code>{JSON.stringify(schema.const)}</code>;
  if (schema.enum)
    return schema.enum.map((v, i) => (
      <span key={i}>
        {i > 0 && " | "}
        <code>{JSON.stringify(v)}</code>
      </span>
    ));
  if (schema.type === "array" && schema.items)
    return (
      <>
        list of <TypeLabel schema={schema.items} />
      </>
    );
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
  const notes = limits(schema);
  return (
    <>
      {type}
      {notes.length > 0 && <span className={styles.note}> ({notes.join(", ")})</span>}
    </>
  );
}

const isInlineObject = (schema: JsonSchema) => !schema.$ref && schema.properties !== undefined;

/** A schema as a table of fields when it is an object, else its label. */
export function SchemaView({ schema, caption }: { schema: JsonSchema; caption: string }) {
  if (!isInlineObject(schema)) {
    return (
      <p>
        <TypeLabel schema={schema} />
        {schema.description && (
          <>
            {" "}
            — <Prose text={schema.description} />
          </>
        )}
      </p>
    );
  }
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {});
  return (
    <DocTable caption={caption} columns={["Field", "Type", "Description"]}>
      {fields.map(([name, field]) => (
        <tr key={name}>
          <NameCell name={name} required={required.has(name)} />
          <td>
            {isInlineObject(field) || (field.type === "array" && field.items && isInlineObject(field.items)) ? (
              <>
                {field.type === "array" ? "list of objects:" : "object:"}
                <SchemaView schema={field.type === "array" ? field.items! : field} caption={`Fields of ${name}`} />
              </>
            ) : (
              <TypeLabel schema={field} />
            )}
          </td>
          <td>{field.description ? <Prose text={field.description} /> : null}</td>
        </tr>
      ))}
    </DocTable>
  );
}
