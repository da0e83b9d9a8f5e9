export { LaunchError, type LaunchedSut, type Launcher } from '../../core/launch/launcher.js';
export { createLocalProcessLauncher, stopChild, type LocalProcessOptions } from './local-process.js';
export { freePort } from './free-port.js';
export { createContainerLauncher } from './container-launcher.js';
export { createDeviceContainerLauncher } from './device-container-launcher.js';
export { createContainerRun } from './container-run.js';
export { preflightEngine, resolveEngine } from './container-engine.js';
export { parseContainerFlags } from './container-flags.js';
