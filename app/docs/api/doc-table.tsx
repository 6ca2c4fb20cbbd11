import type { ReactNode } from "react";
import { DataTable } from "@/components/ui/data-table";
import styles from "./reference.module.css";

// The reference's tables (parameters, responses, a schema's fields): the app's table frame in the
// reference's styles, always with a caption for screen readers, and a row header per entry.

export function DocTable({ caption, columns, children }: { caption: ReactNode; columns: string[]; children: ReactNode }) {
  return (
    <DataTable caption={caption} columns={columns} classNames={{ wrap: styles.tableWrap, table: styles.table }}>
      {children}
    </DataTable>
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
