import type { ReactNode } from "react";

/** A column heading; `hidden` ones are announced to screen readers only (e.g. an actions column). */
export type Column = string | { label: string; hidden: true };

/** The app's one table frame: scrolls sideways on small screens, headings scoped to columns. */
export function DataTable({ columns, children }: { columns: Column[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
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
