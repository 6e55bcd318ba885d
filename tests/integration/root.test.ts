import { describe, expect, it } from "vitest";
import { loaderArgs } from "../helpers/loaders";

describe("the root loader", () => {
  it("prefers PUBLIC_URL for absolute links, and exposes only public settings", async () => {
    // The environment is read once per process: set it before the app's modules load.
    process.env.PUBLIC_URL = "https://cooperons.example.org/";
    process.env.TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png";
    process.env.TILE_ATTRIBUTION = "© Exemple";
    const { loader } = await import("~/root");
    const data = await loader(loaderArgs("/quartiers"));
    expect(data.origin).toBe("https://cooperons.example.org");
    // Whether a geocoder is set, never its address.
    expect(data.publicEnv).toEqual({
      TILE_URL: "https://tiles.example.org/{z}/{x}/{y}.png",
      TILE_ATTRIBUTION: "© Exemple",
      GEOCODER: false,
    });
  });
});
