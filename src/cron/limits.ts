/**
 * Time a scheduled event may take in all (its handler and `waitUntil` work): 30 s, Cloudflare's CPU
 * limit for Cron Triggers that run more often than hourly. NANO has no per-event CPU accounting yet, so
 * the limit is wall-clock time, and the synchronous part of the handler is stopped at the same mark.
 */
export const SCHEDULED_LIMIT_MS = 30_000;
