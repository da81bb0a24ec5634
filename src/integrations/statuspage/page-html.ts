/**
 * The built-in public status page: one semantic HTML document, readable on a phone, with no
 * JavaScript and no external assets. States are spelled out in words (colour is only a hint),
 * times are <time> elements in UTC, and every piece of user text is escaped.
 */
import { escapeHtml, textToHtml } from './escape-html.js';
import type { PageData } from './page-summary.js';
import { COMPONENT_LABEL, INCIDENT_LABEL, type ComponentStatus, type IncidentStatus } from './states.js';
import type { IncidentRow } from './status-store.js';

const MARK: Record<ComponentStatus, string> = {
  operational: '●',
  degraded_performance: '▲',
  partial_outage: '◆',
  major_outage: '✖',
  under_maintenance: '■',
};

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1a1a1a;--muted:#555;--line:#ddd;--ok:#1d7a35;--minor:#8a5a00;--major:#b3261e;--maint:#1f5fa8}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#eee;--muted:#bbb;--line:#333;--ok:#6fd48a;--minor:#f2c14e;--major:#ff8a80;--maint:#8ab4f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.wrap{max-width:46rem;margin:0 auto;padding:1rem}
header h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:0 0 .25rem;overflow-wrap:anywhere}
.overall{padding:1rem;border-radius:.5rem;font-weight:600;font-size:1.1rem;border:2px solid currentColor}
.ind-none{color:var(--ok)}.ind-minor{color:var(--minor)}.ind-major,.ind-critical{color:var(--major)}
ul.components{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:.5rem}
ul.components li{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;padding:.75rem 1rem;border-top:1px solid var(--line)}
ul.components li:first-child{border-top:0}
.st-operational{color:var(--ok)}.st-degraded_performance,.st-partial_outage{color:var(--minor)}.st-major_outage{color:var(--major)}.st-under_maintenance{color:var(--maint)}
article{border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.meta{color:var(--muted);font-size:.9rem;margin:0 0 .5rem}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline li{border-left:3px solid var(--line);padding:.25rem 0 .75rem .75rem}
.body{margin:.25rem 0 0;overflow-wrap:anywhere}
footer{color:var(--muted);font-size:.9rem;margin:2rem 0 1rem}
a{color:inherit}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

function time(isoText: string): string {
  const d = new Date(isoText);
  const label = Number.isNaN(d.getTime()) ? isoText : d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `<time datetime="${escapeHtml(isoText)}">${escapeHtml(label)}</time>`;
}

function incidentArticle(inc: IncidentRow, data: PageData): string {
  const updates = data.updates.get(inc.id) ?? [];
  const ids = new Set(JSON.parse(inc.components) as string[]);
  const affected = data.components.filter((c) => ids.has(c.id)).map((c) => escapeHtml(c.name));
  const headingId = `h-${escapeHtml(inc.id)}`;
  return `<article id="${escapeHtml(inc.id)}" aria-labelledby="${headingId}">
<h3 id="${headingId}">${escapeHtml(inc.name)}</h3>
<p class="meta">${escapeHtml(INCIDENT_LABEL[inc.status as IncidentStatus] ?? inc.status)} · Impact: ${escapeHtml(inc.impact)}${
    affected.length ? ` · Affects: ${affected.join(', ')}` : ''
  }</p>
<ol class="timeline" reversed aria-label="Updates, newest first">
${updates
  .map(
    (u) => `<li><p><strong>${escapeHtml(INCIDENT_LABEL[u.status as IncidentStatus] ?? u.status)}</strong> — ${time(u.created_at)}</p>
<p class="body">${textToHtml(u.body)}</p></li>`,
  )
  .join('\n')}
</ol>
</article>`;
}

export function renderStatusPage(data: PageData): string {
  const name = escapeHtml(data.info.name);
  const components = data.components
    .map((c) => {
      const st = c.status as ComponentStatus;
      const label = COMPONENT_LABEL[st] ?? c.status;
      return `<li><span class="name">${escapeHtml(c.name)}</span> <span class="state st-${escapeHtml(c.status)}"><span aria-hidden="true">${MARK[st] ?? '?'}</span> ${escapeHtml(label)}</span></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}</title>
<style>${CSS}</style>
</head>
<body>
<div class="wrap">
<header><h1>${name}</h1></header>
<main>
<section aria-labelledby="overall-h">
<h2 id="overall-h" class="visually-hidden">Overall status</h2>
<p class="overall ind-${data.status.indicator}" role="status">${escapeHtml(data.status.description)}</p>
</section>
<section aria-labelledby="components-h">
<h2 id="components-h">Components</h2>
${components ? `<ul class="components">\n${components}\n</ul>` : '<p>No components configured.</p>'}
</section>
<section aria-labelledby="incidents-h">
<h2 id="incidents-h">Active incidents</h2>
${data.open.length ? data.open.map((i) => incidentArticle(i, data)).join('\n') : '<p>No active incidents.</p>'}
</section>
${
  data.resolved.length
    ? `<section aria-labelledby="past-h">
<h2 id="past-h">Resolved in the last 7 days</h2>
${data.resolved.map((i) => incidentArticle(i, data)).join('\n')}
</section>`
    : ''
}
</main>
<footer>
<p>Last updated ${time(data.updatedAt)}. Machine-readable: <a href="/api/v2/summary.json">summary.json</a>, <a href="/api/v2/status.json">status.json</a>.</p>
</footer>
</div>
</body>
</html>
`;
}
