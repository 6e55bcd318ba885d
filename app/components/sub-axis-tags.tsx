/**
 * The sub-axes an item is tagged with, named in full (« 1.1 — Repérer l'isolement… ») by the
 * current call's wording; a code the current call does not have (an earlier call's) stays a code.
 */
export function SubAxisTags({
  codes,
  options,
  label = "Sous-axes",
}: {
  codes: readonly string[];
  options: readonly { code: string; label: string }[];
  label?: string;
}) {
  if (codes.length === 0) return null;
  return (
    <ul className="tags tags-labels" aria-label={label}>
      {codes.map((code) => (
        <li key={code} className="badge">
          {options.find((option) => option.code === code)?.label ?? code}
        </li>
      ))}
    </ul>
  );
}
