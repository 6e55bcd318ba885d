// Shown on the legal pages while the publisher's details are the demo's: nobody should take them
// for real ones.
export function DemoValuesNotice({ names }: { names: readonly string[] }) {
  if (names.length === 0) return null;
  return (
    <div className="notice" role="note">
      <p>
        <strong>Site de démonstration.</strong> Les coordonnées marquées « fictif » sont des valeurs d'exemple : l'exploitant du
        site les remplace avant toute ouverture au public (variables de configuration {names.join(", ")}).
      </p>
    </div>
  );
}
