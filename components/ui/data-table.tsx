import type { ReactNode } from "react";

/** A column heading; `hidden` ones are announced to screen readers only (e.g. an actions column). */
export type Column = string | { label: string; hidden: true };

/**
 * The app's one table frame: scrolls sideways on small screens, headings scoped to columns.
 * `caption` names the table for screen readers; `classNames` restyle it (the API reference's).
 */
export function DataTable({
  columns,
  caption,
  classNames,
  children,
}: {
  columns: Column[];
  caption?: ReactNode;
  classNames?: { wrap?: string; table?: string };
  children: ReactNode;
}) {
  return (
    <div className={classNames?.wrap ?? "table-wrap"}>
      <table className={classNames?.table}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === "string" ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col">
                  <span className="visually-hidden">{column.label}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
