// `npm run -s import:sirene -- FILE [--json] [--encoding …] [--keep-missing]`: SIRENE StockEtablissement (see scripts/lib/register-import-cli.ts).
import { runRegisterImport } from "./lib/register-import-cli";

await runRegisterImport("sirene", process.argv.slice(2));
