import { Box, Code, Text } from '@mantine/core';
import type { DiffLine } from './api';

/** A line diff: added lines green with "+", removed lines red with "−". */
export function DiffView({ lines }: { lines: DiffLine[] }) {
  return (
    <Box component="pre" style={{ whiteSpace: 'pre-wrap', fontSize: 13, margin: 0 }} aria-label="diff">
      {lines.map((l, i) => (
        <Text
          key={i}
          component={l.op === 'add' ? 'ins' : l.op === 'del' ? 'del' : 'span'}
          display="block"
          ff="monospace"
          fz={13}
          bg={l.op === 'add' ? 'green.0' : l.op === 'del' ? 'red.0' : undefined}
          style={{ textDecoration: 'none' }}
        >
          <Code bg="transparent">{l.op === 'add' ? '+' : l.op === 'del' ? '−' : ' '}</Code> {l.text}
        </Text>
      ))}
    </Box>
  );
}
