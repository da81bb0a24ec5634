/** Runbook texts for the reload tests: a good version (title and check vary) and a broken save. */
export const DB = (title: string, check = 'SELECT 1') => `---
id: db
title: ${title}
aliases: [database]
---
## Diagnosis
\`\`\`sh
psql "$DATABASE_URL" -c "${check};"
\`\`\`
## Recovery
\`\`\`sh {approve}
pm2 restart app
\`\`\`
`;

/** an edit that leaves a fence open: the lint error swallows the Recovery heading */
export const BROKEN_DB = `---
id: db
title: Database (half-saved)
---
## Diagnosis
\`\`\`sh
psql "$DATABASE_URL" -c "SELECT 1;"

## Recovery
\`\`\`sh {approve}
pm2 restart app
\`\`\`
`;

