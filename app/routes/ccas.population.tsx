import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { formatNumber } from "~/domain/format";
import { parsePopulationUpload, type PopulationUpload } from "~/domain/population-upload";
import { labelOf, QUARTIERS } from "~/domain/taxonomy";
import { savePopulation } from "~/models/quartier.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import { declaresBodyOver } from "~/utils/uploads.server";
import { ScrollableTable } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Population des quartiers",
    description: "Remplacer les chiffres de population de référence.",
    path: "/ccas/population",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const quartiers = await getDb().quartier.findMany({
    orderBy: { idobj: "asc" },
    select: { slug: true, name: true, population: true, populationSource: true, populationYear: true, indicators: true },
  });
  return { quartiers, admin: isCcasAdmin(user) };
}

const MAX_CSV_BYTES = 200_000;
const TOO_LARGE = "Le fichier est trop gros (200 Ko au maximum).";

export async function action({ request }: ActionFunctionArgs) {
  await requireCcas(request);
  if (declaresBodyOver(request, MAX_CSV_BYTES)) return data({ csv: "", upload: null, error: TOO_LARGE }, { status: 400 });
  const formData = await request.formData();
  const file = formData.get("file");
  const text = file instanceof File && file.size > 0 ? await file.text() : String(formData.get("csv") ?? "");
  if (text.length > MAX_CSV_BYTES) return data({ csv: "", upload: null, error: TOO_LARGE }, { status: 400 });
  const upload = parsePopulationUpload(text);
  if (upload.errors.length > 0)
    return data({ csv: text, upload, error: "Le fichier contient des erreurs : rien n'a été enregistré." }, { status: 400 });
  if (formData.get("intent") !== "save") return { csv: text, upload, error: undefined };
  await savePopulation(
    getDb(),
    upload.rows.map((row) => ({ ...row, indicators: upload.extraColumns.length ? row.indicators : null })),
  );
  return redirect("/ccas/population?enregistre=1");
}

function Preview({ upload }: { upload: PopulationUpload }) {
  return (
    <ScrollableTable caption="Aperçu des chiffres envoyés">
      <thead>
        <tr>
          <th scope="col">Quartier</th>
          <th scope="col" className="num">
            Population
          </th>
          <th scope="col">Source</th>
          <th scope="col">Année</th>
          {upload.extraColumns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {upload.rows.map((row, index) => (
          <tr key={`${row.slug}-${index}`}>
            <th scope="row">{labelOf(QUARTIERS, row.slug)}</th>
            <td className="num">{Number.isFinite(row.population) ? formatNumber(row.population) : "?"}</td>
            <td>{row.source}</td>
            <td>{row.year}</td>
            {upload.extraColumns.map((column) => (
              <td key={column}>{row.indicators[column]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </ScrollableTable>
  );
}

export default function PopulationPage() {
  const { quartiers, admin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <p className="small">
        <Link to="/ccas/moderation">Modération</Link> › Population des quartiers
      </p>
      <h1>Population des quartiers</h1>
      {searchParams.get("enregistre") ? (
        <Notice>Les nouveaux chiffres sont enregistrés : la carte les utilise désormais.</Notice>
      ) : null}
      <p>
        La carte rapporte l'offre à la population de chaque quartier. Remplacez les chiffres de référence par un tableau CSV
        (colonnes <code>slug</code>, <code>population</code>, <code>source</code>, <code>year</code> ; d'autres colonnes, comme un
        taux de pauvreté, sont conservées pour plus tard), une ligne par quartier.
      </p>
      {actionData?.upload ? (
        <>
          <FormErrors errors={[...(actionData.error ? [actionData.error] : []), ...actionData.upload.errors]} />
          <Preview upload={actionData.upload} />
          {actionData.upload.errors.length === 0 ? (
            <Form method="post" encType="multipart/form-data" className="actions">
              <input type="hidden" name="csv" value={actionData.csv} />
              <SubmitButton name="intent" value="save" pendingText="Enregistrement…">
                Enregistrer ces chiffres
              </SubmitButton>
              <Link to="/ccas/population">Annuler</Link>
            </Form>
          ) : null}
        </>
      ) : (
        <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
      )}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="fichier">Fichier CSV</label>
          <input id="fichier" type="file" name="file" accept=".csv,text/csv" />
        </div>
        <div className="field">
          <label htmlFor="csv">Ou collez le tableau</label>
          <textarea id="csv" name="csv" rows={6} defaultValue={actionData?.csv ?? ""} />
        </div>
        <div>
          <SubmitButton name="intent" value="preview" pendingText="Lecture…">
            Voir l'aperçu
          </SubmitButton>
        </div>
      </Form>
      <h2>Chiffres actuels</h2>
      <ScrollableTable caption="Population actuelle par quartier" hiddenCaption>
        <thead>
          <tr>
            <th scope="col">Quartier</th>
            <th scope="col" className="num">
              Population
            </th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {quartiers.map((quartier) => (
            <tr key={quartier.slug}>
              <th scope="row">{quartier.name}</th>
              <td className="num">{formatNumber(quartier.population)}</td>
              <td>
                {quartier.populationSource} ({quartier.populationYear})
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollableTable>
    </div>
  );
}
