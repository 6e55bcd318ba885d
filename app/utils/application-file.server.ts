// The application's descriptive sheet (fiche descriptive du projet) handed to the CCAS: the same
// content as PDF (pdfkit) and as DOCX (docx), generated on the server from the groupement, its idea
// and the call's rules. A reviewer must be able to read it alone: the project in its own words, who
// leads it and whom to call, every structure with its identifiers and its confirmed contribution,
// the money, the rules, the state of every required document, and room for the signatures.
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import PDFDocument from "pdfkit";
import { budgetTotal, type CallParameters } from "~/domain/eligibility";
import { formatDay, formatEuros, registerNumbers } from "~/domain/format";
import { assessGroupement, isBudgetEmpty, RULE_VERDICT_LABELS } from "~/domain/groupement-assessment";
import { COMMITMENTS, COOPERATIONS, KINDS, labelOf, QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { getChecklist } from "~/models/groupement-documents.server";
import { splitCodes, toGroupement, type GroupementMemberRecord, type GroupementRecord } from "~/models/groupement.server";

/** A run of "label : value" lines (a two-column table in the DOCX). */
type Fields = { kind: "fields"; rows: [string, string][] };
type Block =
  | { kind: "paragraph"; text: string; bold?: boolean }
  | { kind: "subheading"; text: string }
  | Fields
  | { kind: "table"; header: [string, string]; rows: [string, string][] }
  | { kind: "signature"; signer: string };
export type Section = { title: string; blocks: Block[] };

export type ApplicationFile = {
  callTitle: string;
  date: string;
  title: string;
  /** Ready to file: conforming to the rules and complete. */
  ready: boolean;
  sections: Section[];
};

/** The lead's contact person, as the application names them. */
export type Contact = { name: string; email: string } | null;

/** French agrees the word with what is missing. */
const NOT_GIVEN = "non renseigné";
const NOT_GIVEN_F = "non renseignée";

/** A doubled full stop typed by someone, or born of two sentences glued together, never reaches the CCAS. */
export const tidy = (text: string) => text.replace(/(?<!\.)\.\.(?!\.)/g, ".").trim();

function addMonths(day: string, months: number): Date {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  date.setUTCDate(date.getUTCDate() - 1);
  return date;
}

const identifiers = ({ organisation }: GroupementMemberRecord) => registerNumbers(organisation).join(" ; ") || "non renseignés";

const nature = ({ organisation }: GroupementMemberRecord) =>
  `${labelOf(SECTORS, organisation.sector)} · ${labelOf(KINDS, organisation.kind)}`;

export function buildApplicationFile(
  groupement: GroupementRecord,
  call: CallParameters,
  subAxisTitles: Record<string, string>,
  contact: Contact,
  now = new Date(),
): ApplicationFile {
  const active = groupement.members.filter((member) => member.status === "active");
  const lead = active.find((member) => member.isLead);
  const decoded = toGroupement(groupement);
  const { project, budget } = decoded;
  const checklist = getChecklist(groupement);
  const assessment = assessGroupement(
    decoded,
    call,
    checklist,
    groupement.submittedAt ? formatDay(groupement.submittedAt) : null,
  );
  const { idea } = groupement;

  const projectSection: Section = {
    title: "Le projet",
    blocks: [
      {
        kind: "fields",
        rows: [
          ["Résumé", idea.summary || NOT_GIVEN],
          ["Description", idea.description || NOT_GIVEN_F],
          ["Public visé", idea.targetPublic || NOT_GIVEN],
          ["Sous-axes", project.subAxes.map((code) => `${code} ${subAxisTitles[code] ?? ""}`.trim()).join(" ; ") || "aucun"],
          [
            "Isolement social et précarité",
            project.addressesIsolation && project.addressesPrecarity
              ? "Le projet agit sur les deux"
              : project.addressesIsolation
                ? "Le projet agit sur l'isolement social, pas sur la précarité"
                : project.addressesPrecarity
                  ? "Le projet agit sur la précarité, pas sur l'isolement social"
                  : "Non précisé",
          ],
          [
            "Territoire",
            project.wholeCity
              ? "Toute la ville de Nantes"
              : project.quartiers.map((code) => labelOf(QUARTIERS, code)).join(", ") || NOT_GIVEN,
          ],
          [
            "Calendrier",
            project.startDate
              ? `Du ${formatDay(new Date(`${project.startDate}T12:00:00Z`))} au ${formatDay(addMonths(project.startDate, project.durationMonths))} (${project.durationMonths} mois)`
              : `Date de démarrage à préciser (${project.durationMonths} mois)`,
          ],
          ["Coopération", project.cooperation ? labelOf(COOPERATIONS, project.cooperation) : NOT_GIVEN_F],
          ["Ce que la coopération a de nouveau ou de renforcé", project.cooperationJustification || NOT_GIVEN],
          ["Bénéficiaires attendus", project.beneficiaries ? String(project.beneficiaries) : NOT_GIVEN],
          ["Potentiel de développement ou de réplicabilité", project.replicability || NOT_GIVEN],
        ],
      },
    ],
  };

  const leadSection: Section = {
    title: "La structure chef de file",
    blocks: lead
      ? [
          {
            kind: "fields",
            rows: [
              ["Structure", lead.organisation.name],
              ["Nature", nature(lead)],
              ["Identifiants", identifiers(lead)],
              ["Adresse", lead.organisation.address || NOT_GIVEN_F],
              ["Personne à contacter", contact ? `${contact.name} (${contact.email})` : NOT_GIVEN_F],
              ["Courriel de la structure", lead.organisation.publicEmail || NOT_GIVEN],
              ["Téléphone", lead.organisation.publicPhone || NOT_GIVEN],
              ["Site web", lead.organisation.website || NOT_GIVEN],
            ],
          },
        ]
      : [{ kind: "paragraph", text: "Aucun chef de file n'est désigné." }],
  };

  const membersSection: Section = {
    title: "Les structures du groupement",
    blocks: active.flatMap((member): Block[] => [
      { kind: "subheading", text: `${member.organisation.name}${member.isLead ? " (chef de file)" : ""}` },
      {
        kind: "fields",
        rows: [
          ["Nature", nature(member)],
          ["Identifiants", identifiers(member)],
          ["Adresse", member.organisation.address || NOT_GIVEN_F],
          ["Rôle dans le projet", member.role || NOT_GIVEN],
          [
            "Ressources apportées",
            splitCodes(member.resources)
              .map((code) => labelOf(RESOURCES, code))
              .join(", ") || "aucune",
          ],
          ["Description des ressources", member.resourceDescription || NOT_GIVEN_F],
          ["Valorisation des ressources", member.valuedAmount ? formatEuros(member.valuedAmount) : NOT_GIVEN_F],
          ["Part de la subvention", formatEuros(member.subsidyShare)],
          ["Engagement", member.commitment ? labelOf(COMMITMENTS, member.commitment) : "pas encore formalisé"],
          [
            "Contribution confirmée par la structure",
            member.confirmedAt
              ? `Oui, par ${member.confirmedByName ?? "un administrateur"} le ${formatDay(member.confirmedAt)}`
              : "Non, pas encore",
          ],
        ],
      },
    ]),
  };

  const sharesTotal = active.reduce((sum, member) => sum + member.subsidyShare, 0);
  const requested = isBudgetEmpty(budget) ? "à compléter" : formatEuros(budgetTotal(budget));
  const sections: Section[] = [
    {
      title: "Où en est le dossier",
      // Filed, the verdict already lists what remains (« Il reste à compléter : 5 pièces
      // manquantes… »): the rules' and the documents' sentences said it again.
      blocks: [
        { kind: "paragraph", text: assessment.summary.overall, bold: true },
        ...(groupement.submittedAt
          ? []
          : [
              { kind: "paragraph" as const, text: assessment.summary.rules },
              { kind: "paragraph" as const, text: assessment.summary.dossier },
            ]),
      ],
    },
    projectSection,
    leadSection,
    membersSection,
    {
      title: "Répartition de la subvention",
      blocks: [
        {
          kind: "table",
          header: ["Structure", "Part"],
          rows: [
            ...active.map((member): [string, string] => [member.organisation.name, formatEuros(member.subsidyShare)]),
            ["Total des parts", formatEuros(sharesTotal)],
            ["Subvention demandée", requested],
          ],
        },
      ],
    },
    {
      title: "Budget par catégorie, sur la durée du projet",
      blocks: [
        {
          kind: "table",
          header: ["Catégorie", "Montant"],
          rows: isBudgetEmpty(budget)
            ? [["Budget", "à compléter"]]
            : [
                ["Fonctionnement", formatEuros(budget.operating)],
                ["Accompagnement et participation", formatEuros(budget.participation)],
                ["Équipement, investissement et logistique", formatEuros(budget.equipment)],
                ["Total", formatEuros(budgetTotal(budget))],
              ],
        },
      ],
    },
    {
      title: "Règles de l'appel",
      blocks: [
        {
          kind: "table",
          header: ["État", "Règle"],
          rows: assessment.rules.map((rule): [string, string] => [RULE_VERDICT_LABELS[rule.status], rule.message]),
        },
      ],
    },
    {
      title: "Pièces du dossier",
      blocks: [
        { kind: "table", header: ["Pièce", "État"], rows: checklist.map((item): [string, string] => [item.label, item.state]) },
      ],
    },
    {
      title: "Signatures",
      blocks: [
        {
          kind: "paragraph",
          text: "Chaque structure soussignée certifie exactes les informations de cette fiche qui la concernent et s'engage à contribuer au projet comme elle l'indique.",
        },
        ...active.map((member): Block => ({
          kind: "signature",
          signer: `${member.organisation.name}${member.isLead ? " (chef de file)" : ""}`,
        })),
      ],
    },
  ];

  return {
    callTitle: groupement.call.title,
    date: formatDay(now),
    title: project.title,
    ready: assessment.ready,
    sections,
  };
}

const SIGNATURE_LINES = ["Nom et qualité du signataire :", "Fait à :", "Le :", "Signature et cachet :"];
/** What a signature block takes on the page, in points (its lines at 10 pt, their gaps, the room to sign). */
const SIGNATURE_HEIGHT = 150;

/** The heading's own room (13 pt and its gaps) and that of three lines at 10 pt. */
const HEADING_HEIGHT = 40;
const FEW_LINES_HEIGHT = 45;

/**
 * What must fit below a section's heading on its page: a few lines of what follows, or, when it
 * opens on paragraphs then a block to sign, those paragraphs and the whole block.
 */
function headingRoom(pdf: PDFKit.PDFDocument, section: ApplicationFile["sections"][number]): number {
  let room = HEADING_HEIGHT;
  for (const block of section.blocks) {
    if (block.kind === "signature") return room + SIGNATURE_HEIGHT;
    if (block.kind !== "paragraph") break;
    room += pdf.font("Helvetica").fontSize(10).heightOfString(pdfText(block.text)) + 5;
  }
  return HEADING_HEIGHT + FEW_LINES_HEIGHT;
}

/** The standard PDF fonts know the no-break space, not the narrow one French numbers use. */
const pdfText = (text: string) => tidy(text).replace(/\u202f/g, "\u00a0");

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
    const line = (label: string, value: string) =>
      pdf
        .font("Helvetica-Bold")
        // A no-break space after the colon: pdfkit drops a plain one at the end of a continued run
        // (« Résumé :Un repas » was printed).
        .text(`${pdfText(`${label} :`)}\u00a0`, { continued: true })
        .font("Helvetica")
        .text(pdfText(value))
        .moveDown(0.15);

    pdf
      .fontSize(9)
      .fillColor("#444")
      .text(pdfText(file.callTitle))
      .text(pdfText(`Fiche descriptive du projet, générée le ${file.date} par Coopérons`));
    pdf.moveDown().fillColor("#000").font("Helvetica-Bold").fontSize(18).text(pdfText(file.title));
    for (const section of file.sections) {
      // A heading never ends a page: it starts one with what it introduces — a few lines, or up to
      // the first block to sign (« Signatures », its paragraph and « Pour … » stay together).
      if (pdf.y + headingRoom(pdf, section) > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
      pdf
        .moveDown(0.8)
        .font("Helvetica-Bold")
        .fontSize(13)
        .text(pdfText(section.title))
        .moveDown(0.3)
        .font("Helvetica")
        .fontSize(10);
      for (const block of section.blocks) {
        switch (block.kind) {
          case "paragraph":
            pdf
              .font(block.bold ? "Helvetica-Bold" : "Helvetica")
              .text(pdfText(block.text))
              .font("Helvetica")
              .moveDown(0.3);
            break;
          case "subheading":
            pdf.moveDown(0.3).font("Helvetica-Bold").fontSize(11).text(pdfText(block.text)).fontSize(10).font("Helvetica");
            break;
          case "fields":
          case "table":
            for (const [label, value] of block.rows) line(label, value);
            break;
          case "signature":
            // A block to sign is never cut by a page: « Pour … » and its four lines on one page.
            if (pdf.y + SIGNATURE_HEIGHT > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
            pdf
              .moveDown(0.6)
              .font("Helvetica-Bold")
              .text(pdfText(`Pour ${block.signer}`))
              .font("Helvetica");
            for (const label of SIGNATURE_LINES) pdf.text(pdfText(label)).moveDown(0.6);
            pdf.moveDown(1.2);
            break;
        }
      }
    }
    pdf.end();
  });
}

const docxText = (text: string) => tidy(text);
const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: docxText(text), bold })] })] });
const table = (header: [string, string] | null, rows: [string, string][], boldFirst = false) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      ...(header ? [new TableRow({ tableHeader: true, children: header.map((text) => cell(text, true)) })] : []),
      ...rows.map((row) => new TableRow({ children: [cell(row[0], boldFirst), cell(row[1])] })),
    ],
  });

function signatureTable(signer: string) {
  const empty = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        children: [
          new TableCell({
            borders: { top: empty, left: empty, right: empty, bottom: { style: BorderStyle.SINGLE, size: 4, color: "999999" } },
            children: [
              new Paragraph({ children: [new TextRun({ text: docxText(`Pour ${signer}`), bold: true })] }),
              ...SIGNATURE_LINES.map((label) => new Paragraph({ text: label, spacing: { before: 200, after: 200 } })),
              new Paragraph({ text: "" }),
            ],
          }),
        ],
      }),
    ],
  });
}

export function renderDocx(file: ApplicationFile): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: docxText(file.callTitle), italics: true })] }),
    new Paragraph({
      children: [new TextRun({ text: `Fiche descriptive du projet, générée le ${file.date} par Coopérons`, italics: true })],
    }),
    new Paragraph({ text: docxText(file.title), heading: HeadingLevel.TITLE, alignment: AlignmentType.LEFT }),
  ];
  for (const section of file.sections) {
    children.push(new Paragraph({ text: docxText(section.title), heading: HeadingLevel.HEADING_2 }));
    for (const block of section.blocks) {
      switch (block.kind) {
        case "paragraph":
          children.push(new Paragraph({ children: [new TextRun({ text: docxText(block.text), bold: block.bold })] }));
          break;
        case "subheading":
          children.push(new Paragraph({ text: docxText(block.text), heading: HeadingLevel.HEADING_3 }));
          break;
        case "fields":
          children.push(table(null, block.rows, true));
          break;
        case "table":
          children.push(table(block.header, block.rows));
          break;
        case "signature":
          children.push(new Paragraph({ text: "" }), signatureTable(block.signer));
          break;
      }
    }
  }
  const document = new Document({
    creator: "Coopérons",
    title: file.title,
    description: file.callTitle,
    styles: { default: { document: { run: { font: "Calibri", size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
