export { simulateFleet, type FleetSimulation, type FleetSimulationOptions } from './simulate-fleet.js';
export { createFleetMetrics, createHistogram, encodeHistogram, mergeEncoded, FLEET_OPERATIONS, type FleetMetrics, type FleetOperation } from './fleet-metrics.js';
export { createFleetObservations, type FleetObservations, type FleetViolation, type RequirementTally } from './fleet-observations.js';
export { parseDuration, seededFraction, shardOf } from './fleet-schedule.js';
export type { FleetDevice } from './fleet-device.js';
