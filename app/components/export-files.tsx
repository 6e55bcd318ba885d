// The list of an export page's files (CCAS or open data): a sentence each, its links, and its data
// dictionary — each column's name in the CSV, its JSON key, type, meaning and an example.
import { COLUMN_TYPE_LABELS, type Column } from "~/domain/exports";
import { formatNumber } from "~/domain/format";
import { ScrollableTable } from "~/components/table-wrap";

export type ExportFileSummary = {
  name: string;
  title: string;
  description: string;
  count: number;
  columns: readonly Column[];
  links: readonly { href: string; label: string }[];
};

export function ExportDictionary({ title, columns }: { title: string; columns: readonly Column[] }) {
  return (
    <details>
      <summary>Dictionnaire des données : {title.toLowerCase()}</summary>
      <ScrollableTable caption={<>Colonnes du fichier « {title} »</>}>
        <thead>
          <tr>
            <th scope="col">Colonne (CSV)</th>
            <th scope="col">Clé (JSON)</th>
            <th scope="col">Type</th>
            <th scope="col">Signification</th>
            <th scope="col">Exemple</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column.key}>
              <th scope="row">{column.header}</th>
              <td>
                <code>{column.key}</code>
              </td>
              <td>{COLUMN_TYPE_LABELS[column.type]}</td>
              <td>{column.meaning}</td>
              <td>{column.example}</td>
            </tr>
          ))}
        </tbody>
      </ScrollableTable>
    </details>
  );
}

export function ExportFileList({ files }: { files: readonly ExportFileSummary[] }) {
  return (
    <>
      {files.map((file) => (
        <section key={file.name} aria-labelledby={`fichier-${file.name}`}>
          <h2 id={`fichier-${file.name}`}>{file.title}</h2>
          <p>{file.description}</p>
          <p className="actions">
            {file.links.map((link) => (
              <a key={link.href} href={link.href} download>
                {link.label}
              </a>
            ))}
            <span className="small muted">
              {formatNumber(file.count)} {file.count > 1 ? "lignes" : "ligne"} à ce jour
            </span>
          </p>
          <ExportDictionary title={file.title} columns={file.columns} />
        </section>
      ))}
    </>
  );
}
