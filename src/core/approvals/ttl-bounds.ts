/**
 * How long an approval may wait. Longest: a day (a request older than that describes a system
 * that has moved on, and Node timers overflow past ~24.8 days and fire at once). Shortest: 10 s,
 * so a human can react at all.
 */
export const MAX_APPROVAL_TTL_MS = 24 * 3_600_000;
export const MIN_APPROVAL_TTL_MS = 10_000;
