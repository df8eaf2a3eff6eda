import { WidgetModel } from "@jupyter-widgets/base";
import { describe, expect, it } from "vitest";
import { MODULE_REF_PREFIX } from "../../js/contract/protocol.js";
import { moduleSource, referencedId } from "../../js/ipywidgets/module-store.js";
import { AnyModel } from "../../js/ipywidgets/widget.js";

const TEXT = "export default { render({ el }) { el.textContent = 'hi'; } };";

/** A reference as the kernel sends it for `_esm`: the comment, then a stand-in module. */
function ref(id: string): string {
  return `${MODULE_REF_PREFIX}${id} */\nexport default { render() {} };\n`;
}

/** The slice of a widget manager the module store uses: models by id. */
class FakeManager {
  readonly models = new Map<string, WidgetModel>();

  add(id: string, source: string): WidgetModel {
    const model = new WidgetModel({ source }, { widget_manager: this, model_id: id } as never);
    this.models.set(id, model);
    return model;
  }

  get_model(id: string): Promise<WidgetModel> {
    const model = this.models.get(id);
    return model === undefined ? Promise.reject(new Error("widget model not found")) : Promise.resolve(model);
  }
}

/** A widget manager of ipywidgets 7 (`@jupyter-widgets/base` 4): `undefined` for an unknown id. */
class Base4Manager {
  readonly models = new Map<string, WidgetModel>();

  get_model(id: string): Promise<WidgetModel> | undefined {
    const model = this.models.get(id);
    return model === undefined ? undefined : Promise.resolve(model);
  }
}

function widgetOf(manager: FakeManager): AnyModel {
  return { widget_manager: manager } as unknown as AnyModel;
}

describe("module references", () => {
  it("turn into the module's text when state comes in", async () => {
    const manager = new FakeManager();
    manager.add("m1", TEXT);
    await expect(moduleSource.deserialize(ref("m1"), manager as never)).resolves.toBe(TEXT);
  });

  it("leave plain text from older kernels and saved notebooks as it is", async () => {
    await expect(moduleSource.deserialize(TEXT, new FakeManager() as never)).resolves.toBe(TEXT);
  });

  it("name the missing module when it cannot be found", async () => {
    await expect(moduleSource.deserialize(ref("gone"), new FakeManager() as never)).rejects.toThrow(
      /module \(model gone\) is not available/,
    );
  });

  it("name the missing module to an ipywidgets 7 widget manager too", async () => {
    await expect(moduleSource.deserialize(ref("gone"), new Base4Manager() as never)).rejects.toThrow(
      /module \(model gone\) is not available: Error: widget model gone not found/,
    );
  });

  it("resolve through an ipywidgets 7 widget manager", async () => {
    const manager = new Base4Manager();
    const module = new WidgetModel({ source: TEXT }, { widget_manager: manager, model_id: "m1" } as never);
    manager.models.set("m1", module);
    await expect(moduleSource.deserialize(ref("m1"), manager as never)).resolves.toBe(TEXT);
  });

  it("come back as the reference they arrived as when saved or sent, per widget manager", async () => {
    const manager = new FakeManager();
    manager.add("m1", TEXT);
    await moduleSource.deserialize(ref("m1"), manager as never);
    expect(moduleSource.serialize(TEXT, widgetOf(manager))).toBe(ref("m1"));
    expect(moduleSource.serialize(TEXT, widgetOf(new FakeManager()))).toBe(TEXT);
    expect(moduleSource.serialize("other text", widgetOf(manager))).toBe("other text");
  });

  it("stop being used once their module model is closed", async () => {
    const manager = new FakeManager();
    const module = manager.add("m1", TEXT);
    await moduleSource.deserialize(ref("m1"), manager as never);
    module.trigger("destroy", module);
    expect(moduleSource.serialize(TEXT, widgetOf(manager))).toBe(TEXT);
  });

  it("are recognised only in their own shape", () => {
    expect(referencedId(ref("m1"))).toBe("m1");
    expect(referencedId(`${MODULE_REF_PREFIX}c2 */`)).toBe("c2");
    expect(referencedId(`// ${MODULE_REF_PREFIX}m1 */`)).toBeUndefined();
    expect(referencedId("IPY_MODEL_m1")).toBeUndefined();
    expect(referencedId({ anywidget_module: "m1" })).toBeUndefined();
    expect(referencedId(null)).toBeUndefined();
  });
});

describe("AnyModel", () => {
  it("declares the module serializers for _esm and _css", () => {
    expect(AnyModel.serializers._esm).toBe(moduleSource);
    expect(AnyModel.serializers._css).toBe(moduleSource);
  });
});
