/** The shared frame of every e-mail: plain text first, simple responsive HTML beside it. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface MailBody {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer: string;
}

export function renderMail(b: MailBody): RenderedMail {
  const text = [
    b.heading,
    '',
    ...b.paragraphs.flatMap((p) => [p, '']),
    ...(b.action ? [`${b.action.label}: ${b.action.url}`, ''] : []),
    '--',
    b.footer,
  ].join('\n');
  const button = b.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(b.action.url)}" style="background:#1c7ed6;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(b.action.label)}</a></p><p style="font-size:12px;color:#555;word-break:break-all">${escapeHtml(b.action.url)}</p>`
    : '';
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(b.subject)}</title></head>
<body style="margin:0;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1a1b1e">
<div style="max-width:600px;margin:0 auto;padding:24px"><div style="background:#fff;border-radius:8px;padding:28px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(b.heading)}</h1>
${b.paragraphs.map((p) => `<p style="line-height:1.5">${escapeHtml(p)}</p>`).join('\n')}
${button}
</div><p style="font-size:12px;color:#666;text-align:center;margin-top:16px">${escapeHtml(b.footer)}</p></div></body></html>`;
  return { subject: b.subject, text, html };
}
