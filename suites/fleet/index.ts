import { manifestEtag } from './checks/manifest-etag.js';
import { noServerErrors } from './checks/no-server-errors.js';
import { notModified } from './checks/not-modified.js';
import { ownDesiredState } from './checks/own-desired-state.js';
import { retryAfter } from './checks/retry-after.js';
import { statusAccepted } from './checks/status-accepted.js';
import type { FleetCheck } from './context.js';

export type { FleetCheck, FleetContext } from './context.js';

/** Checks of a WFM's correctness under fleet load, decided from what the simulated fleet observed. */
export const FLEET_CHECKS: readonly FleetCheck[] = [ownDesiredState, manifestEtag, notModified, retryAfter, noServerErrors, statusAccepted];
