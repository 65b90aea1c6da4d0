import { Typography } from '@mantine/core';
import { marked, Renderer } from 'marked';
import { useMemo } from 'react';

/**
 * Renders policy Markdown. Raw HTML in the source is dropped, not rendered: the preview shows what
 * the Markdown says, and nothing typed into the editor can run as script in the operator's session.
 */
const renderer = new Renderer();
renderer.html = () => '';

export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => marked.parse(source, { async: false, renderer }), [source]);
  return (
    <Typography>
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
