/** Tiny DOM helpers: elements are built with text nodes only, so data never becomes markup. */
type Attrs = Record<string, string | number | undefined>;
type Child = Node | string | number | null | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
}

function append(el: Element, children: Child[]): void {
  for (const c of children) if (c !== null && c !== undefined) el.append(typeof c === 'number' ? String(c) : c);
}

export function table(headers: string[], rows: Child[][], numeric: number[] = []): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, 'No rows.');
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c, i) => h('td', numeric.includes(i) ? { class: 'num' } : {}, c))))),
  );
}

export function errorBox(err: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err));
}

/** Reads the controls of a form as strings, by input name. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form).entries()) out[k] = String(v);
  return out;
}

export function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', {}, label, control);
}

export function select(name: string, options: [string, string][], value: string): HTMLSelectElement {
  const el = h('select', { name }, ...options.map(([v, text]) => h('option', { value: v }, text)));
  el.value = value;
  return el;
}
