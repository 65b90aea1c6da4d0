import { escapeHtml } from '../mail/layout.js';

/**
 * Frame of the server-rendered public pages (policy, cookies, sub-processors). They carry the same
 * consent banner as customers' sites (same-origin script, so the CSP allows it); the footer link
 * re-opens it, and without script it leads to the cookie policy. The policy version in force goes
 * to the banner, so a new version asks every visitor again (the choice cookie carries a tag of it).
 */
export function publicPage(opts: { title: string; body: string; lang?: string; policyVersion?: string | undefined; workspaceId?: string | null | undefined }): string {
  const version = opts.policyVersion ? ` data-policy-version="${escapeHtml(opts.policyVersion)}"` : '';
  // A workspace's hosted page (a form) is that workspace's site: choices and visits count there.
  const site = opts.workspaceId ? ` data-workspace="${escapeHtml(opts.workspaceId)}"` : '';
  return `<!doctype html>
<html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(opts.title)} · Kodepos</title>
<script src="/snippet.js"${version}${site} defer></script>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1a1b1e;background:#f8f9fa;line-height:1.6}
header,footer{background:#fff;border-bottom:1px solid #e9ecef;padding:12px 24px}footer{border-top:1px solid #e9ecef;border-bottom:0;font-size:14px;color:#495057}
header a{font-weight:700;color:#1864ab;text-decoration:none;font-size:18px}
main{max-width:820px;margin:24px auto;background:#fff;padding:32px;border-radius:8px;border:1px solid #e9ecef}
a{color:#1864ab}.meta{color:#495057;font-size:14px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #dee2e6;padding:6px 8px;text-align:left;vertical-align:top}
</style></head>
<body><header><a href="/">Kodepos</a></header>
<main id="content">${opts.body}</main>
<footer><nav aria-label="Legal"><a href="/privacy">Privacy policy</a> · <a href="/cookies">Cookies</a> · <a href="/subprocessors">Sub-processors</a> · <a href="/privacy-request">Privacy requests</a> · <a href="/cookies" data-kodepos-consent-open>Cookie settings</a></nav></footer>
</body></html>`;
}
