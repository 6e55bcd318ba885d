// Calls a route's loader the way Remix does: with a real Request, params and an empty context.
import type { LoaderFunctionArgs } from "@remix-run/node";

export function loaderArgs(path: string, params: Record<string, string> = {}): LoaderFunctionArgs {
  return { request: new Request(`http://localhost${path}`), params, context: {} };
}

/** The Response a loader threw (404s and the like), or a failure if it did not throw one. */
export async function thrownResponse(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("The loader did not throw a Response");
}
