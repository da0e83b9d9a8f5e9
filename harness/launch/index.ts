export { LaunchError, type LaunchedSut, type Launcher } from './launcher.js';
export { createLocalProcessLauncher, stopChild, type LocalProcessOptions } from './local-process.js';
export { freePort } from './free-port.js';
