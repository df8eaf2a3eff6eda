import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";

// anywidget/_core/stand_in.js is what front ends of the published anywidget run as a widget's
// module. The kernel fills in its quoted "__NAME__" placeholders from protocol.json and puts the
// reference comment first; these tests do the same, then run it as those front ends would.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const wire = JSON.parse(readFileSync(join(root, "anywidget", "_wire", "protocol.json"), "utf8")) as Record<
  string,
  unknown
>;
const template = readFileSync(join(root, "anywidget", "_core", "stand_in.js"), "utf8");
const standIn = template.replace(/"__([A-Z_]+)__"/g, (_, name: string) => {
  if (!(name in wire)) throw new Error(`stand_in.js names ${name}, which protocol.json lacks`);
  return JSON.stringify(wire[name]);
});
const prefix = String(wire.MODULE_REF_PREFIX);

interface Props {
  model: FakeModel;
  el: HTMLElement;
}
interface StandIn {
  initialize(props: { model: FakeModel }): Promise<unknown>;
  render(props: Props): Promise<unknown>;
}
interface FakeModel {
  get(key: string): unknown;
  widget_manager: { get_model(id: string): Promise<{ get(key: string): unknown }> };
}

function dataUrl(source: string): string {
  return `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`;
}

let loads = 0;
/** A fresh instance of the stand-in (its module keeps the widget it loaded) for a widget with `texts`. */
async function widgetWith(texts: Record<string, string>, css = true) {
  const asked: string[] = [];
  const state: Record<string, unknown> = {
    [String(wire.ESM_KEY)]: `${prefix}esm-1 */\n${standIn}`,
    [String(wire.CSS_KEY)]: css ? `${prefix}css-1 */` : "",
    [String(wire.ID_KEY)]: "pkg.Shown",
  };
  const model: FakeModel = {
    get: (key) => state[key],
    widget_manager: {
      async get_model(id) {
        asked.push(id);
        const text = texts[id];
        if (text === undefined) throw new Error(`no model ${id}`);
        return { get: (key) => (key === wire.MODULE_SOURCE_KEY ? text : undefined) };
      },
    },
  };
  loads += 1;
  const module = (await import(
    /* @vite-ignore */ dataUrl(`${state[String(wire.ESM_KEY)]}\n// ${loads}`)
  )) as {
    default: StandIn;
  };
  return { model, asked, widget: module.default };
}

// Node imports data: URLs but not blob: URLs: the Blob the stand-in makes becomes a data: URL.
function blobsAsDataUrls(): void {
  class TextBlob {
    readonly text: string;
    constructor(parts: string[]) {
      this.text = parts.join("");
    }
  }
  vi.stubGlobal("Blob", TextBlob);
  vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => dataUrl((blob as unknown as TextBlob).text));
  vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  for (const style of document.head.querySelectorAll("style[data-anywidget-module]")) style.remove();
});

describe("the module stand-in for published front ends", () => {
  it("fetches the module and the stylesheet it refers to, then hands over to the module", async () => {
    blobsAsDataUrls();
    const { model, asked, widget } = await widgetWith({
      "esm-1": [
        "let seen;",
        "export default {",
        "  initialize({ model }) { seen = model.get('_anywidget_id'); },",
        "  render({ el }) { el.textContent = 'shared module for ' + seen; return () => {}; },",
        "};",
      ].join("\n"),
      "css-1": ".shown { color: teal }",
    });
    const el = document.createElement("div");
    await widget.initialize({ model });
    const cleanup = await widget.render({ model, el });
    expect(asked).toEqual(["css-1", "esm-1"]);
    expect(el.textContent).toBe("shared module for pkg.Shown");
    expect(typeof cleanup).toBe("function");
    const style = document.head.querySelector('style[data-anywidget-module="css-1"]');
    expect(style?.textContent).toBe(".shown { color: teal }");
  });

  it("adds a shared stylesheet once for many widgets", async () => {
    blobsAsDataUrls();
    const texts = { "esm-1": "export default { render() {} };", "css-1": ".a {}" };
    for (const _ of [1, 2]) {
      const { model, widget } = await widgetWith(texts);
      await widget.initialize({ model });
    }
    expect(document.head.querySelectorAll('style[data-anywidget-module="css-1"]')).toHaveLength(1);
  });

  it("shows the error panel in the widget's place when the module fails to load", async () => {
    blobsAsDataUrls();
    const { model, widget } = await widgetWith({ "esm-1": "export default {" }, false);
    const el = document.createElement("div");
    el.textContent = "before";
    await widget.initialize({ model });
    await widget.render({ model, el });
    const panel = el.querySelector(".anywidget-error");
    expect(panel?.getAttribute("role")).toBe("alert");
    expect(panel?.getAttribute("data-step")).toBe("load");
    expect(panel?.querySelector("strong")?.textContent).toBe("pkg.Shown: widget code failed to load");
    expect(panel?.querySelector("pre")?.textContent).toMatch(/^SyntaxError: /);
    expect(el.textContent).not.toContain("before");
  });

  it("shows the error panel when the module model cannot be fetched", async () => {
    const { model, widget } = await widgetWith({}, false);
    const el = document.createElement("div");
    await widget.initialize({ model });
    await widget.render({ model, el });
    expect(el.querySelector(".anywidget-error")?.getAttribute("data-step")).toBe("load");
    expect(el.querySelector("pre")?.textContent).toBe("Error: no model esm-1");
  });

  it("shows the error panel naming render when the module's render throws", async () => {
    blobsAsDataUrls();
    const { model, widget } = await widgetWith(
      { "esm-1": "export default { render() { throw new RangeError('boom'); } };" },
      false,
    );
    const el = document.createElement("div");
    await widget.initialize({ model });
    await widget.render({ model, el });
    expect(el.querySelector(".anywidget-error")?.getAttribute("data-step")).toBe("render");
    expect(el.querySelector("pre")?.textContent).toBe("RangeError: boom");
  });
});
