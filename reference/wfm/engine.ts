import type { Edition } from '../../core/catalog/editions.js';
import { createDesiredStates } from './desired/desired-states.js';
import type { FaultSet } from './faults.js';
import type { ApiContext, WfmSettings } from './http/api-types.js';
import { createWfmState } from './state/wfm-state.js';

export interface EngineOptions {
  edition: Edition;
  faults: FaultSet;
  settings: WfmSettings;
  /** Directory for the persisted state; memory only when absent. */
  stateDir?: string;
}

/** The engine behind a WFM's API: the reference WFM's and the suite's mock WFM's, one source of truth. */
export interface Engine {
  context: ApiContext;
  /** The `https://host:port` of the API, once it listens (manifest and discovery URLs are absolute). */
  setOrigin(origin: string): void;
}

export function createEngine(options: EngineOptions): Engine {
  const { edition, faults } = options;
  const state = createWfmState({ faults, ...(options.stateDir ? { stateDir: options.stateDir } : {}) });
  let origin = '';
  return {
    context: { edition, state, desired: createDesiredStates({ edition, state, faults, ...(options.settings.deploymentShape ? { deploymentShape: options.settings.deploymentShape } : {}) }), faults, settings: options.settings, origin: () => origin },
    setOrigin(value) {
      origin = value;
    },
  };
}
