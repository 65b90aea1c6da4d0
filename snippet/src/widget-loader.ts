/**
 * Help widget loader: `data-help="true"` on the snippet's script tag fetches the widget
 * (`/widget.js`, a separate file) once the page has loaded, so the banner stays small for sites
 * that do not use it. The widget gets the tag's API origin, workspace and language.
 */
const tag = document.currentScript as HTMLScriptElement | null;

function loadWidget(): void {
  const ws = tag?.getAttribute('data-workspace');
  if (!tag || tag.getAttribute('data-help') !== 'true' || !ws) return;
  const api = (tag.getAttribute('data-api') ?? new URL(tag.src, location.href).origin).replace(/\/$/, '');
  const s = document.createElement('script');
  s.src = `${api}/widget.js`;
  s.async = true;
  s.setAttribute('data-api', api);
  s.setAttribute('data-workspace', ws);
  const lang = tag.getAttribute('data-lang') ?? document.documentElement.lang;
  if (lang) s.setAttribute('data-lang', lang);
  document.head.append(s);
}

if (document.readyState === 'complete') loadWidget();
else window.addEventListener('load', loadWidget);
