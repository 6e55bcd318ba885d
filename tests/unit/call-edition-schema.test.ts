// The call edition forms' rows: blank new rows ignored, removed rows dropped, order by position,
// a sub-axis under an axis of the call, one deadline with its hour.
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { CallAxesSchema, CallEventsSchema, readCallAxes, readCallEvents } from "~/domain/schemas/call-edition";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};

describe("axes and sub-axes form", () => {
  it("keeps the rows in the order of their position, drops removed and blank rows, reads actions one a line", () => {
    const submission = parseWithZod(
      form({
        "axes[0].id": "a1",
        "axes[0].code": "1",
        "axes[0].title": "Premier",
        "axes[0].position": "2",
        "axes[1].code": "2",
        "axes[1].title": "Second",
        "axes[1].position": "1",
        "axes[2].code": "",
        "axes[2].title": "",
        "subAxes[0].id": "s1",
        "subAxes[0].code": "1.1",
        "subAxes[0].title": "Retiré",
        "subAxes[0].summary": "…",
        "subAxes[0].remove": "on",
        "subAxes[1].code": "2.1",
        "subAxes[1].title": "Nouveau",
        "subAxes[1].summary": "Un sous-axe",
        "subAxes[1].actions": "Une action\r\n\r\n  Une autre  ",
      }),
      { schema: CallAxesSchema },
    );
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(readCallAxes(submission.value)).toEqual({
      axes: [
        { id: undefined, code: "2", title: "Second", summary: "" },
        { id: "a1", code: "1", title: "Premier", summary: "" },
      ],
      subAxes: [
        {
          id: undefined,
          code: "2.1",
          axisCode: "2",
          title: "Nouveau",
          summary: "Un sous-axe",
          actions: ["Une action", "Une autre"],
        },
      ],
      removedAxisIds: [],
      removedSubAxisIds: ["s1"],
    });
  });

  it("says in French what is wrong with a code", () => {
    const submission = parseWithZod(
      form({
        "axes[0].code": "A",
        "axes[0].title": "Axe",
        "subAxes[0].code": "2-1",
        "subAxes[0].title": "T",
        "subAxes[0].summary": "S",
      }),
      { schema: CallAxesSchema },
    );
    expect(submission.reply().error).toMatchObject({
      "axes[0].code": ["Code de l'axe : un nombre, par exemple 3."],
      "subAxes[0].code": ["Code du sous-axe : le code de son axe, un point et un nombre, par exemple 2.4."],
    });
  });
});

describe("calendar form", () => {
  const deadline = {
    "items[0].kind": "deadline",
    "items[0].title": "Date limite",
    "items[0].startDate": "2026-07-15",
    "items[0].precision": "datetime",
  };

  it("asks for the deadline's hour in Paris time", () => {
    expect(parseWithZod(form(deadline), { schema: CallEventsSchema }).reply().error).toEqual({
      "items[0].startTime": ["Heure de début : indiquez l'heure de la date limite (heure de Paris), par exemple 18:00."],
    });
  });

  it("refuses an end before the start, and an approximate date without its words", () => {
    const submission = parseWithZod(
      form({
        ...deadline,
        "items[0].startTime": "18:00",
        "items[1].kind": "webinar",
        "items[1].title": "Webinaire",
        "items[1].startDate": "2026-05-14",
        "items[1].startTime": "12:30",
        "items[1].endTime": "11:30",
        "items[1].precision": "datetime",
        "items[2].kind": "results",
        "items[2].title": "Résultats",
        "items[2].startDate": "2026-10-01",
        "items[2].precision": "approximate",
      }),
      { schema: CallEventsSchema },
    );
    expect(submission.reply().error).toEqual({
      "items[1].endDate": ["Date de fin : elle doit venir après le début."],
      "items[2].whenText": [
        "Date en toutes lettres : obligatoire pour une date approximative, par exemple « courant octobre 2025 ».",
      ],
    });
  });

  it("keeps the deadline a day and an hour: neither a day alone nor words", () => {
    for (const precision of ["date", "approximate"]) {
      const submission = parseWithZod(
        form({ ...deadline, "items[0].startTime": "18:00", "items[0].precision": precision, "items[0].whenText": "mi-juillet" }),
        { schema: CallEventsSchema },
      );
      expect(submission.reply().error, precision).toEqual({
        "items[0].precision": [
          "Précision : la date limite est toujours une date et une heure précises (choisissez « Jour et heure »).",
        ],
      });
    }
  });

  it("refuses a day outside the years the forms take (0001-01-01 was a 500)", () => {
    for (const day of ["0001-01-01", "1999-12-31", "2101-01-01"]) {
      const submission = parseWithZod(form({ ...deadline, "items[0].startTime": "18:00", "items[0].startDate": day }), {
        schema: CallEventsSchema,
      });
      expect(submission.reply().error, day).toEqual({ "items[0].startDate": ["Date de début : une date entre 2000 et 2100."] });
    }
  });

  it("reads the rows as they are stored", () => {
    const submission = parseWithZod(form({ ...deadline, "items[0].startTime": "18:00" }), { schema: CallEventsSchema });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(readCallEvents(submission.value)).toEqual([
      {
        kind: "deadline",
        title: "Date limite",
        startDate: "2026-07-15",
        startTime: "18:00",
        endDate: undefined,
        endTime: undefined,
        precision: "datetime",
        whenText: undefined,
      },
    ]);
  });
});
