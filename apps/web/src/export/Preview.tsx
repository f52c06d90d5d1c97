import type { ExportFile } from '@meshplan/exporters';
import hljs from 'highlight.js/lib/core';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import plaintext from 'highlight.js/lib/languages/plaintext';
import yaml from 'highlight.js/lib/languages/yaml';
import { useEffect, useMemo, useState } from 'react';

hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);
hljs.registerLanguage('markdown', markdown);
// Mermaid, PlantUML and Structurizr DSL have no highlight.js grammar: they show as plain text, and
// so does any file a future exporter writes before its language is registered here.
hljs.registerLanguage('plaintext', plaintext);

const LANGUAGE: [RegExp, string][] = [
  [/\.ya?ml$/, 'yaml'],
  [/\.(json|sarif)$/, 'json'],
  [/\.md$/, 'markdown'],
];

/** The highlight.js language for a file: one that is registered, plain text when none fits. */
export function languageOf(path: string): string {
  const language = LANGUAGE.find(([pattern]) => pattern.test(path))?.[1];
  return language !== undefined && hljs.getLanguage(language) !== undefined ? language : 'plaintext';
}

/**
 * A file, read-only, highlighted. highlight.js escapes the text it is given, so the markup it
 * returns holds user text only as text: a name like `<script>` shows as written.
 */
export function Preview({ file }: { file: ExportFile }) {
  const text = typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
  const language = languageOf(file.path);
  const html = useMemo(
    () => hljs.highlight(text, { language, ignoreIllegals: true }).value,
    [text, language],
  );
  return (
    <figure className="preview">
      <figcaption>
        <code>{file.path}</code>
      </figcaption>
      {file.path.endsWith('.svg') ? <Picture svg={text} path={file.path} /> : null}
      <pre data-testid="export-preview">
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: highlight.js output, which escapes the file's text */}
        <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    </figure>
  );
}

/**
 * A diagram as a picture. Loaded as an image, an SVG runs no script and fetches nothing, so a
 * hostile name in it stays text; the blob URL is revoked when the picture goes.
 */
function Picture({ svg, path }: { svg: string; path: string }) {
  const [url, setUrl] = useState<string | undefined>();
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [svg]);
  return url === undefined ? null : (
    <img className="preview-picture" src={url} alt={`The diagram ${path}`} data-testid="export-picture" />
  );
}
