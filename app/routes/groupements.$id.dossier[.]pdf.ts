import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadApplicationFile } from "~/utils/application-export.server";
import { renderPdf } from "~/utils/application-file.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file, filename } = await loadApplicationFile(request, params.id ?? "");
  return new Response(new Uint8Array(await renderPdf(file)), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
