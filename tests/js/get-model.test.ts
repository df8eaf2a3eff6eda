import { describe, expect, it } from "vitest";
import { getModel } from "../../js/transport/get-model.js";

describe("getModel", () => {
  it("resolves to the model a widget manager of any base version holds", async () => {
    const model = { id: "m" };
    await expect(getModel({ get_model: async () => model }, "m")).resolves.toBe(model);
  });

  it("rejects naming the id when base 4 (ipywidgets 7) answers undefined", async () => {
    await expect(getModel({ get_model: () => undefined }, "m7")).rejects.toThrow("widget model m7 not found");
  });

  it("passes on base 6's own rejection", async () => {
    const manager = { get_model: () => Promise.reject(new Error("widget model not found")) };
    await expect(getModel(manager, "m8")).rejects.toThrow("widget model not found");
  });
});
