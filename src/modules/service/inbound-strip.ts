import { REPLY_MARKERS } from './mail-compose.js';

/**
 * The new part of a reply: everything above our reply marker, the "On … wrote:" line (English and
 * Indonesian clients), an Outlook header block or "Original Message" separator, without the
 * trailing quoted block and signature. The full HTML is kept elsewhere; this is the readable text.
 */
const CUT_LINES: RegExp[] = [
  /^\s*On\b.{0,200}\bwrote:\s*$/i,
  /^\s*Pada\b.{0,200}\bmenulis:\s*$/i,
  /^\s*Le\b.{0,200}\ba écrit\s*:\s*$/i,
  /^\s*Am\b.{0,200}\bschrieb\b.{0,100}:\s*$/i,
  /^\s*-{2,}\s*(Original Message|Pesan Asli|Forwarded message|Pesan yang diteruskan)\s*-{2,}\s*$/i,
  /^\s*_{20,}\s*$/,
  /^\s*(Sent from my|Dikirim dari)\b.{0,60}$/i,
];

const OUTLOOK_HEAD = /^\s*\*?(From|Dari)\s*:\*?\s.+/i;
const OUTLOOK_NEXT = /^\s*\*?(Sent|Date|Dikirim|Tanggal|To|Kepada|Subject|Subjek)\s*:/i;

export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // "On Mon, 1 Jan 2026 at 10:00, Someone <a@b>" is often wrapped over two lines before "wrote:".
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    if (REPLY_MARKERS.some((m) => line.includes(m.slice(4, -4))) || CUT_LINES.some((r) => r.test(line)) || /^\s*On\b.{0,200}\bwrote:\s*$/i.test(joined) || /^\s*Pada\b.{0,200}\bmenulis:\s*$/i.test(joined)) {
      end = i;
      break;
    }
    if (OUTLOOK_HEAD.test(line) && OUTLOOK_NEXT.test(lines[i + 1] ?? '')) {
      end = i;
      break;
    }
    // RFC 3676 signature separator.
    if (line === '-- ' || line === '--') {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end);
  // A trailing quoted block (">" lines) goes; inline quotes between answers stay for context.
  while (kept.length > 0 && /^\s*(>.*)?$/.test(kept[kept.length - 1] ?? '')) kept.pop();
  const out = kept.join('\n').trim();
  // A mail that is all quote (a forward with no words of its own) keeps its text rather than nothing.
  return out || text.trim();
}
