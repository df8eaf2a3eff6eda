import { describe, expect, it } from "vitest";
import { AnyModuleModel, moduleSource, referencedId } from "../../js/module-store.js";
import { AnyModel } from "../../js/widget.js";

const TEXT = "export default { render({ el }) { el.textContent = 'hi'; } };";

/** The slice of a widget manager the module store uses: models by id. */
class FakeManager {
  readonly models = new Map<string, AnyModuleModel>();

  add(id: string, source: string): AnyModuleModel {
    const model = new AnyModuleModel({ source }, { widget_manager: this, model_id: id } as never);
    this.models.set(id, model);
    return model;
  }

  get_model(id: string): Promise<AnyModuleModel> {
    const model = this.models.get(id);
    return model === undefined ? Promise.reject(new Error("widget model not found")) : Promise.resolve(model);
  }
}

function widgetOf(manager: FakeManager): AnyModel {
  return { widget_manager: manager } as unknown as AnyModel;
}

describe("module references", () => {
  it("turn into the module's text when state comes in", async () => {
    const manager = new FakeManager();
    manager.add("m1", TEXT);
    await expect(moduleSource.deserialize({ anywidget_module: "m1" }, manager as never)).resolves.toBe(TEXT);
  });

  it("leave plain text from older kernels and saved notebooks as it is", async () => {
    await expect(moduleSource.deserialize(TEXT, new FakeManager() as never)).resolves.toBe(TEXT);
  });

  it("name the missing module when it cannot be found", async () => {
    await expect(
      moduleSource.deserialize({ anywidget_module: "gone" }, new FakeManager() as never),
    ).rejects.toThrow(/module \(model gone\) is not available/);
  });

  it("come back when text a module holds is saved or sent, per widget manager", () => {
    const manager = new FakeManager();
    manager.add("m1", TEXT);
    expect(moduleSource.serialize(TEXT, widgetOf(manager))).toEqual({ anywidget_module: "m1" });
    expect(moduleSource.serialize(TEXT, widgetOf(new FakeManager()))).toBe(TEXT);
    expect(moduleSource.serialize("other text", widgetOf(manager))).toBe("other text");
  });

  it("stop being used once their module model is closed", () => {
    const manager = new FakeManager();
    const module = manager.add("m1", TEXT);
    module.trigger("destroy", module);
    expect(moduleSource.serialize(TEXT, widgetOf(manager))).toBe(TEXT);
  });

  it("are recognised only in their own shape", () => {
    expect(referencedId({ anywidget_module: "m1" })).toBe("m1");
    expect(referencedId("IPY_MODEL_m1")).toBeUndefined();
    expect(referencedId({ anywidget_module: 3 })).toBeUndefined();
    expect(referencedId(null)).toBeUndefined();
  });
});

describe("AnyModel", () => {
  it("declares the module serializers for _esm and _css", () => {
    expect(AnyModel.serializers._esm).toBe(moduleSource);
    expect(AnyModel.serializers._css).toBe(moduleSource);
  });
});
