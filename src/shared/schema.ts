/**
 * Version of everything Raut persists (IndexedDB layout and record shapes) and exports.
 * Bump it together with a migration in src/shared/storage.ts.
 */
export const SCHEMA_VERSION = 2;
// 2: the `outbox` store of per-minute aggregates waiting to be sent to a class hub (sharing).
