// Any unknown address: a real 404, rendered by the root error boundary.
export async function loader() {
  throw new Response("Page introuvable", { status: 404 });
}

export default function NotFound() {
  return null;
}
