import { Document, type ToStringOptions } from 'yaml';
import type { ExportDocument } from './types.js';

/**
 * How every YAML file is written: strings double-quoted (user text can never read as another
 * type, a key, or a comment), no line folding, no anchors for objects that happen to be shared.
 */
export const YAML_OPTIONS = {
  defaultStringType: 'QUOTE_DOUBLE',
  defaultKeyType: 'PLAIN',
  lineWidth: 0,
  aliasDuplicateObjects: false,
} as const satisfies ToStringOptions & { aliasDuplicateObjects: boolean };

/** YAML text of one or more documents; each document after the first starts with `---`. */
export function yamlText(documents: readonly unknown[]): string {
  return documents
    .map((value, i) => {
      const document = new Document(value, YAML_OPTIONS);
      if (document.directives !== undefined) document.directives.docStart = i > 0 ? true : null;
      return document.toString(YAML_OPTIONS);
    })
    .join('');
}

export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The file's content as text. */
export function render(document: ExportDocument): string {
  switch (document.format) {
    case 'yaml':
      return yamlText(document.documents);
    case 'json':
      return jsonText(document.value);
    case 'text':
      return document.text;
  }
}
