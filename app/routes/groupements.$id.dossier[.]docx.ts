import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadApplicationFile } from "~/utils/application-export.server";
import { renderDocx } from "~/utils/application-file.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file, filename } = await loadApplicationFile(request, params.id ?? "");
  return new Response(new Uint8Array(await renderDocx(file)), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="${filename}.docx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
