// `npm run -s import:rna -- FILE [--json] [--encoding …] [--keep-missing]`: the RNA Waldec export (see scripts/lib/register-import-cli.ts).
import { runRegisterImport } from "./lib/register-import-cli";

await runRegisterImport("rna", process.argv.slice(2));
