import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/utils/session.server";

// Logging out changes data: it is a POST only. A GET here just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  // The home page says it: « Déconnexion effectuée ».
  return redirect("/?deconnexion=ok", { headers: { "Set-Cookie": await destroySession(request) } });
}
