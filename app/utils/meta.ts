// Title, description and Open Graph tags for every page, so that a shared link shows a proper card.
import type { MetaDescriptor } from "@remix-run/node";

export const SITE_NAME = "Coopérons";

type RootData = { origin: string } | undefined;

export function pageMeta({
  title,
  description,
  path,
  matches,
}: {
  title: string;
  description: string;
  path: string;
  matches: readonly ({ id: string; data: unknown } | undefined)[];
}): MetaDescriptor[] {
  const root = matches.find((match) => match?.id === "root")?.data as RootData;
  const origin = root?.origin ?? "";
  const fullTitle = title === SITE_NAME ? title : `${title} · ${SITE_NAME}`;
  return [
    { title: fullTitle },
    { name: "description", content: description },
    { property: "og:site_name", content: SITE_NAME },
    { property: "og:type", content: "website" },
    { property: "og:locale", content: "fr_FR" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: `${origin}${path}` },
    { property: "og:image", content: `${origin}/og-image.png` },
    { property: "og:image:width", content: "1200" },
    { property: "og:image:height", content: "630" },
    { property: "og:image:alt", content: "Coopérons — trouver des partenaires pour l'appel à coopérations du CCAS de Nantes" },
    { name: "twitter:card", content: "summary_large_image" },
    { tagName: "link", rel: "canonical", href: `${origin}${path}` },
  ];
}
