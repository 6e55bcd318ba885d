// Why a person was sent to their space (/espace) from a groupement they can no longer open: they
// left it, declined its invitation, or found that invitation answered already. With JavaScript the
// reason travels in the address (`param`, read by the page, then taken out of the address bar so
// that a reload does not say it again: useCleanAddress); without it, in the notice cookie of
// app/utils/flash.server.ts.

export const SPACE_ARRIVALS = {
  "groupement-left": { param: ["groupement", "quitte"], notice: "Votre structure a quitté le groupement.", tone: "success" },
  "invitation-declined": { param: ["invitation", "declinee"], notice: "Invitation au groupement déclinée.", tone: "success" },
  "invitation-unavailable": {
    param: ["invitation", "indisponible"],
    notice: "Cette invitation au groupement a déjà reçu une réponse ou a été retirée.",
    tone: "info",
  },
} as const satisfies Record<string, { param: readonly [string, string]; notice: string; tone: "success" | "info" }>;

export type SpaceArrival = keyof typeof SPACE_ARRIVALS;

/** The names of the address's parameters that say why. */
export const SPACE_ARRIVAL_PARAMS = [...new Set(Object.values(SPACE_ARRIVALS).map(({ param }) => param[0]))];

export const isSpaceArrival = (value: unknown): value is SpaceArrival =>
  typeof value === "string" && Object.hasOwn(SPACE_ARRIVALS, value);

/** The reason an address gives, if any. */
export function spaceArrivalIn(searchParams: URLSearchParams): SpaceArrival | null {
  for (const [arrival, { param }] of Object.entries(SPACE_ARRIVALS))
    if (searchParams.get(param[0]) === param[1]) return arrival as SpaceArrival;
  return null;
}

/** The address of the space that says why. */
export function spaceArrivalPath(arrival: SpaceArrival, hash = "") {
  const [name, value] = SPACE_ARRIVALS[arrival].param;
  return `/espace?${new URLSearchParams({ [name]: value })}${hash}`;
}
