// A small element builder: the page is plain DOM, so it ships no framework and every control is a real element.

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined>;

/** Creates `<tag>` with attributes (false or null leave one out) and children (null, undefined and false are skipped). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.filter(keep).map(toNode));
  return element;
}

function keep(child: Child): child is Node | string | number {
  return child !== null && child !== undefined && child !== false;
}

function toNode(child: Node | string | number): Node | string {
  return child instanceof Node ? child : String(child);
}

/** Replaces every child of `parent` with `children`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter(keep).map(toNode));
}

let counter = 0;

/** A unique id for label and description links. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
