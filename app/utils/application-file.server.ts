// The application file handed to the CCAS: the same content as PDF (pdfkit) and as DOCX (docx),
// generated on the server from the groupement and the call's rules.
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import PDFDocument from "pdfkit";
import { budgetTotal, checkEligibility, type CallParameters } from "~/domain/eligibility";
import { formatDay, formatEuros } from "~/domain/format";
import { COMMITMENTS, COOPERATIONS, KINDS, labelOf, QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { RULE_STATUS_LABELS, toEligibilityInput } from "~/domain/groupement";
import { splitCodes, toGroupement, type GroupementRecord } from "~/models/groupement.server";

export type ApplicationFile = ReturnType<typeof buildApplicationFile>;

function addMonths(day: string, months: number): Date {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  date.setUTCDate(date.getUTCDate() - 1);
  return date;
}

export function buildApplicationFile(
  groupement: GroupementRecord,
  call: CallParameters,
  subAxisTitles: Record<string, string>,
  now = new Date(),
) {
  const active = groupement.members.filter((member) => member.status === "active");
  const decoded = toGroupement(groupement);
  const { project, budget } = decoded;
  const eligibility = checkEligibility(toEligibilityInput(decoded), call);
  return {
    callTitle: groupement.call.title,
    date: formatDay(now),
    title: project.title,
    project: [
      ["Sous-axes", project.subAxes.map((code) => `${code} ${subAxisTitles[code] ?? ""}`.trim()).join(" ; ") || "—"],
      [
        "Isolement social et précarité",
        project.addressesIsolation && project.addressesPrecarity ? "Le projet agit sur les deux" : "Incomplet",
      ],
      [
        "Territoire",
        project.wholeCity ? "Toute la ville" : project.quartiers.map((code) => labelOf(QUARTIERS, code)).join(", ") || "—",
      ],
      [
        "Coopération",
        `${labelOf(COOPERATIONS, project.cooperation)}${project.cooperationJustification ? ` — ${project.cooperationJustification}` : ""}`,
      ],
      ["Bénéficiaires attendus", project.beneficiaries ? String(project.beneficiaries) : "—"],
      ["Réplicabilité", project.replicability || "—"],
    ] as [string, string][],
    timeline: project.startDate
      ? `Du ${formatDay(new Date(`${project.startDate}T12:00:00Z`))} au ${formatDay(addMonths(project.startDate, project.durationMonths))} (${project.durationMonths} mois)`
      : `Date de démarrage à préciser (${project.durationMonths} mois)`,
    members: active.map((member) => ({
      name: member.organisation.name,
      lead: member.isLead,
      nature: `${labelOf(SECTORS, member.organisation.sector)} · ${labelOf(KINDS, member.organisation.kind)}`,
      role: member.role || "—",
      resources:
        [
          splitCodes(member.resources)
            .map((code) => labelOf(RESOURCES, code))
            .join(", "),
          member.resourceDescription,
          member.valuedAmount ? `valorisé ${formatEuros(member.valuedAmount)}` : "",
        ]
          .filter(Boolean)
          .join(" — ") || "—",
      share: formatEuros(member.subsidyShare),
      commitment: member.commitment ? labelOf(COMMITMENTS, member.commitment) : "Aucun",
    })),
    sharesTotal: formatEuros(active.reduce((sum, member) => sum + member.subsidyShare, 0)),
    budget: [
      ["Fonctionnement", formatEuros(budget.operating)],
      ["Accompagnement et participation", formatEuros(budget.participation)],
      ["Équipement, investissement et logistique", formatEuros(budget.equipment)],
      ["Total sur la durée du projet", formatEuros(budgetTotal(budget))],
    ] as [string, string][],
    eligible: eligibility.eligible,
    rules: eligibility.rules.map((rule) => ({ id: rule.id, status: RULE_STATUS_LABELS[rule.status], message: rule.message })),
  };
}

/** The standard PDF fonts know the no-break space, not the narrow one French numbers use. */
const pdfText = (text: string) => text.replace(/\u202f/g, "\u00a0");

export function renderPdf(file: ApplicationFile): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: "A4",
      margin: 50,
      info: { Title: file.title, Subject: file.callTitle, Author: "Coopérons" },
      lang: "fr-FR",
    });
    const chunks: Buffer[] = [];
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    const heading = (text: string) =>
      pdf.moveDown(0.8).font("Helvetica-Bold").fontSize(13).text(pdfText(text)).moveDown(0.3).font("Helvetica").fontSize(10);
    const line = (label: string, value: string) =>
      pdf
        .font("Helvetica-Bold")
        .text(pdfText(`${label} : `), { continued: true })
        .font("Helvetica")
        .text(pdfText(value));

    pdf
      .fontSize(9)
      .fillColor("#444")
      .text(pdfText(file.callTitle))
      .text(pdfText(`Dossier généré le ${file.date} par Coopérons`));
    pdf.moveDown().fillColor("#000").font("Helvetica-Bold").fontSize(18).text(pdfText(file.title));
    heading("Le projet");
    for (const [label, value] of file.project) line(label, value);
    line("Calendrier", file.timeline);
    heading("Le groupement");
    for (const member of file.members) {
      pdf
        .font("Helvetica-Bold")
        .text(pdfText(`${member.name}${member.lead ? " (chef de file)" : ""}`))
        .font("Helvetica");
      pdf
        .text(
          pdfText(
            `${member.nature}. Rôle : ${member.role}. Ressources : ${member.resources}. Engagement : ${member.commitment}.`,
          ),
        )
        .moveDown(0.3);
    }
    heading("Répartition de la subvention");
    for (const member of file.members) line(member.name, member.share);
    line("Total des parts", file.sharesTotal);
    heading("Budget par catégorie");
    for (const [label, value] of file.budget) line(label, value);
    heading(`Règles de l'appel : ${file.eligible ? "groupement éligible" : "groupement pas encore éligible"}`);
    for (const rule of file.rules) line(rule.status, rule.message);
    pdf.end();
  });
}

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
const table = (header: string[], rows: string[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text) => cell(text, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
    ],
  });

export function renderDocx(file: ApplicationFile): Promise<Buffer> {
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
  const document = new Document({
    creator: "Coopérons",
    title: file.title,
    description: file.callTitle,
    styles: { default: { document: { run: { font: "Calibri", size: 22 } } } },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: file.callTitle, italics: true })] }),
          new Paragraph({ children: [new TextRun({ text: `Dossier généré le ${file.date} par Coopérons`, italics: true })] }),
          new Paragraph({ text: file.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.LEFT }),
          heading("Le projet"),
          table(["Rubrique", "Contenu"], [...file.project, ["Calendrier", file.timeline]]),
          heading("Le groupement"),
          table(
            ["Structure", "Nature", "Rôle", "Ressources", "Engagement"],
            file.members.map((member) => [
              `${member.name}${member.lead ? " (chef de file)" : ""}`,
              member.nature,
              member.role,
              member.resources,
              member.commitment,
            ]),
          ),
          heading("Répartition de la subvention"),
          table(
            ["Structure", "Part"],
            [...file.members.map((member) => [member.name, member.share]), ["Total des parts", file.sharesTotal]],
          ),
          heading("Budget par catégorie"),
          table(["Catégorie", "Montant"], file.budget),
          heading(`Règles de l'appel : ${file.eligible ? "groupement éligible" : "groupement pas encore éligible"}`),
          table(
            ["Statut", "Règle"],
            file.rules.map((rule) => [rule.status, rule.message]),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
