/** "Les Voisins Veilleurs !" → "les-voisins-veilleurs" */
export function slugify(text: string): string {
  return (
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/g, "") || "structure"
  );
}

/** The slug of `text`, numbered (-2, -3…) until `taken` says it is free. */
export async function uniqueSlug(text: string, taken: (slug: string) => Promise<boolean>): Promise<string> {
  const base = slugify(text);
  for (let attempt = 0; ; attempt += 1) {
    const slug = attempt === 0 ? base : `${base}-${attempt + 1}`;
    if (!(await taken(slug))) return slug;
  }
}
