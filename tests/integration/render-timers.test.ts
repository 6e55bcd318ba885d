// The built app's document renders (app/entry.server.tsx): each is given up after streamTimeout,
// and the timer that gives it up goes as soon as the document is whole — left running, every page
// held its render for six seconds and then aborted a render already done.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";

const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;

describe("a page's render", () => {
  it("leaves no timer behind once its document or its data is sent, for browsers and for robots", async () => {
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    const handle = createRequestHandler(build, "production");
    const render = async (userAgent: string) => {
      const page = await handle(new Request("http://localhost/accessibilite", { headers: { "User-Agent": userAgent } }));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("</html>");
    };
    const answer = async (index: number) => {
      await render("Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0");
      await render("Googlebot/2.1 (+http://www.google.com/bot.html)");
      // The page's data as the browser's router asks for it.
      const data = await handle(new Request(`http://localhost/accessibilite.data?visite=${index}`));
      expect(data.status).toBe(200);
      await data.text();
    };
    // The first answers load what the build keeps, and open the database's connections (on
    // PostgreSQL, each idle connection of the pool has a timer of its own).
    await answer(0);
    await answer(1);
    const before = timers();
    for (let index = 2; index < 7; index += 1) await answer(index);
    // Fifteen answers: each left one or two timers before (15 to 30 more); a timer of the process's
    // own may come meanwhile.
    expect(timers()).toBeLessThanOrEqual(before + 2);
  });
});
