import type { ReactNode } from "react";
import styles from "./reference.module.css";

// The reference's tables (parameters, responses, a schema's fields): a scrolling wrapper, a
// caption for screen readers, column headers, and a row header per entry.

export function DocTable({ caption, columns, children }: { caption: ReactNode; columns: string[]; children: ReactNode }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A row's header cell: the parameter's or field's name, marked when it is required. */
export function NameCell({ name, required }: { name: string; required?: boolean }) {
  return (
    <th scope="row">
      <code>{name}</code>
      {required ? <span className={styles.note}> required</span> : null}
    </th>
  );
}
