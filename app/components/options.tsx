/** A select's choices, after an empty one (nothing chosen yet, or "all" for a filter). */
export function Options({ empty, options }: { empty: string; options: readonly { code: string; label: string }[] }) {
  return (
    <>
      <option value="">{empty}</option>
      {options.map((option) => (
        <option key={option.code} value={option.code}>
          {option.label}
        </option>
      ))}
    </>
  );
}
