/** Applies widget stylesheets to the document: one element per distinct stylesheet, however many models share it. */

import { isUrl } from "./load.js";

interface Sheet {
  element: HTMLStyleElement | HTMLLinkElement;
  users: number;
}

const sheets = new Map<string, Sheet>();

/** Adds `css` (text or a stylesheet URL) to the page; the returned function removes it once no one uses it. */
export function adoptStyle(css: string): () => void {
  if (css.trim() === "") return () => {};
  let sheet = sheets.get(css);
  if (sheet === undefined) {
    sheet = { element: createElement(css), users: 0 };
    document.head.appendChild(sheet.element);
    sheets.set(css, sheet);
  }
  sheet.users += 1;
  const adopted = sheet;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    adopted.users -= 1;
    if (adopted.users === 0) {
      adopted.element.remove();
      sheets.delete(css);
    }
  };
}

function createElement(css: string): HTMLStyleElement | HTMLLinkElement {
  if (isUrl(css)) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = css.trim();
    link.dataset.anywidget = "";
    return link;
  }
  const style = document.createElement("style");
  style.textContent = css;
  style.dataset.anywidget = "";
  return style;
}

interface StyledModel {
  get(name: string): unknown;
  on(event: string, callback: () => void): unknown;
  off(event: string, callback: () => void): unknown;
}

/**
 * Keeps a model's stylesheet on the page and follows its changes. The new
 * sheet is added before the old one goes, so a change never flashes unstyled.
 */
export function bindModelStyle(model: StyledModel, key: string): () => void {
  let release = adoptStyle(String(model.get(key) ?? ""));
  const update = () => {
    const previous = release;
    release = adoptStyle(String(model.get(key) ?? ""));
    previous();
  };
  model.on(`change:${key}`, update);
  return () => {
    model.off(`change:${key}`, update);
    release();
  };
}
