// A refusal (403) that the « Accès refusé » page shows with a way back: for a form refused on a
// page that stays open to its sender (a public page), so that « Revenir à la page » never leads to
// a page that refuses them too. Thrown by the action; read by the root's error page.
export type Refusal = { message: string; back?: string };

/**
 * A 403 saying why, with the address of the page to go back to — without an anchor: from the
 * form's own address, a link that differs by its anchor alone would only scroll.
 */
export function refusal(message: string, back: string): Response {
  return Response.json({ message, back } satisfies Refusal, { status: 403 });
}

/** A sentence ends with its stop: the routes' short refusals (« Réservé à l'équipe du CCAS ») often have none. */
const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);

/** What a thrown 403 carries: a refusal, or a plain message. */
export function readRefusal(payload: unknown): Refusal | null {
  if (typeof payload === "string") return payload ? { message: sentence(payload) } : null;
  if (payload && typeof payload === "object" && typeof (payload as Refusal).message === "string") {
    const { message, back } = payload as Refusal;
    return {
      message: sentence(message),
      back: typeof back === "string" && back.startsWith("/") && !back.startsWith("//") ? back : undefined,
    };
  }
  return null;
}
