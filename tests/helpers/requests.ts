// Builds the Requests Remix hands to loaders and actions, with a session cookie when given.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type Fields = Record<string, string | string[] | File>;

export function formRequest(path: string, fields: Fields, cookie?: string): Request {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return new Request(`http://localhost${path}`, { method: "POST", body, headers: cookie ? { Cookie: cookie } : {} });
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function actionArgs(request: Request, params: Record<string, string> = {}, clientIp = "203.0.113.1"): ActionFunctionArgs {
  return { request, params, context: { clientIp } };
}

export function loaderArgsFor(request: Request, params: Record<string, string> = {}): LoaderFunctionArgs {
  return { request, params, context: {} };
}

/** Runs a loader or action and gives back a Response either way: returned data, or what it threw. */
export async function run(fn: () => Promise<unknown>): Promise<{ status: number; data: unknown; headers: Headers }> {
  try {
    const result = await fn();
    if (result instanceof Response) return { status: result.status, data: null, headers: result.headers };
    // `data()` from Remix wraps a payload with its status.
    if (
      result &&
      typeof result === "object" &&
      "type" in result &&
      (result as { type: unknown }).type === "DataWithResponseInit"
    ) {
      const wrapped = result as unknown as { data: unknown; init: ResponseInit | null };
      return { status: wrapped.init?.status ?? 200, data: wrapped.data, headers: new Headers(wrapped.init?.headers) };
    }
    return { status: 200, data: result, headers: new Headers() };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, data: null, headers: error.headers };
    throw error;
  }
}
