/**
 * The environment testcontainers reads (it reads only process.env). The reaper image cannot be pulled
 * without a registry, so runs clean up by label instead (container-cleanup.ts). Inside a container
 * testcontainers looks for the engine's bridge gateway, which an engine started with --bridge=none does
 * not have; with host networking the containers are on 127.0.0.1 anyway. The library never writes
 * process.env: the CLI (harness/cli/bin.ts) applies these at startup with withTestcontainersEnvironment.
 */
export const TESTCONTAINERS_ENV: Readonly<Record<string, string>> = { TESTCONTAINERS_RYUK_DISABLED: 'true', TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.1' };

/** Fills in TESTCONTAINERS_ENV where `env` does not set the variable itself; for the process owner to call once. */
export function withTestcontainersEnvironment(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(TESTCONTAINERS_ENV)) env[name] ??= value;
}
