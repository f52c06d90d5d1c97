/** User text on one line: newlines and other control characters become spaces. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we replace
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** A Mermaid label inside `"..."`: entity codes for the characters that end or reinterpret it. */
export function mermaidLabel(text: string): string {
  return oneLine(text).replace(/[#"<>&`|[\](){};%\\]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * A PlantUML string inside `"..."`: PlantUML has no escape for `"`, and the preprocessor expands
 * `$variables` and `%functions()` even inside strings, so those characters are replaced.
 */
export function plantumlString(text: string): string {
  return oneLine(text)
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .replace(/\$/g, '\uff04')
    .replace(/%/g, '\uff05');
}

/** A Structurizr DSL string inside `"..."`: `\"` and `\\` escapes, and no `${constant}` expansion. */
export function structurizrString(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\uff04');
}

/** Markdown inline text: no HTML, no links, no emphasis, no table cell breaks. */
export function markdown(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`);
}

/** `order-service-eu` → `order_service_eu`: an identifier for diagram languages. */
export function diagramId(prefix: string, dns: string): string {
  return `${prefix}_${dns.replace(/-/g, '_')}`;
}
