/**
 * A few DOM helpers for the batch form. Everything is built with DOM calls and `textContent`, never `innerHTML`:
 * nothing the org or the person typed can become markup, and nothing needs an inline style (the CSP forbids them).
 */

type Child = Node | string | number | false | null | undefined;
type AttributeValue = string | number | boolean | null | undefined;

export interface Props {
  /** Attributes; `false`, `null` and `undefined` leave an attribute out, `true` sets it empty. */
  [attribute: string]: AttributeValue;
}

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement;
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    setAttribute(element, name, value);
  }
  append(element, ...children);
  return element;
}

export function setAttribute(element: Element, name: string, value: AttributeValue): void {
  if (value === false || value === null || value === undefined) {
    element.removeAttribute(name);
  } else {
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) {
      continue;
    }
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, ...children);
}

/** A codicon in the light DOM (the page loads codicon.css), hidden from screen readers: the text next to it says it. */
export function icon(name: string, extraClass = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, 'aria-hidden': 'true' });
}

/** Text only screen readers read. */
export function srOnly(text: string): HTMLSpanElement {
  return h('span', { class: 'sr-only' }, text);
}

/** Sets an element's text only when it changed, so live regions are not re-announced for nothing. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) {
    element.textContent = text;
  }
}

/** Shows or hides an element with the `hidden` attribute. */
export function show(element: Element, visible: boolean): void {
  if (visible) {
    element.removeAttribute('hidden');
  } else {
    element.setAttribute('hidden', '');
  }
}

/** A vscode-button; its text is its accessible name unless `label` gives one (for icon-only buttons). */
export function button(text: string, options: { icon?: string; secondary?: boolean; label?: string; id?: string; action?: string; iconOnly?: boolean } = {}): HTMLElement {
  return h(
    'vscode-button',
    {
      id: options.id,
      icon: options.icon,
      secondary: options.secondary,
      'icon-only': options.iconOnly,
      'aria-label': options.label,
      title: options.label ?? undefined,
      'data-action': options.action,
    },
    options.iconOnly ? '' : text,
  );
}

/** Enables or disables a vscode-button (or anything with a `disabled` property and attribute). */
export function setDisabled(element: HTMLElement, disabled: boolean): void {
  (element as HTMLElement & { disabled?: boolean }).disabled = disabled;
  setAttribute(element, 'disabled', disabled);
  setAttribute(element, 'aria-disabled', disabled ? 'true' : null);
}
