import os from 'node:os';

/**
 * The environment testcontainers reads (it reads only process.env). The reaper image cannot be pulled
 * without a registry, so runs clean up by label instead (container-cleanup.ts). Inside a container
 * testcontainers looks for the engine's bridge gateway, which an engine started with --bridge=none does
 * not have; with host networking the containers are on 127.0.0.1 anyway. The library never writes
 * process.env: the CLI (harness/cli/bin.ts) applies these at startup with withTestcontainersEnvironment.
 */
export const TESTCONTAINERS_ENV: Readonly<Record<string, string>> = { TESTCONTAINERS_RYUK_DISABLED: 'true', TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.1' };

/**
 * Fills in TESTCONTAINERS_ENV where `env` does not set the variable itself; for the process owner to call once.
 * Also lets os.userInfo() answer for a uid without a passwd entry (the suite's image run as
 * `--user "$(id -u):$(id -g)"`): testcontainers names its lock file by os.userInfo().uid, which else throws
 * ENOENT and no container starts.
 */
export function withTestcontainersEnvironment(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(TESTCONTAINERS_ENV)) env[name] ??= value;
  if (userInfoPatched || process.getuid === undefined || process.getgid === undefined) return;
  userInfoPatched = true;
  const { getuid, getgid } = process;
  const userInfo = os.userInfo;
  os.userInfo = ((options?: { encoding: BufferEncoding }) => {
    try {
      return userInfo(options);
    } catch {
      return { uid: getuid(), gid: getgid(), username: String(getuid()), homedir: os.homedir(), shell: null };
    }
  }) as typeof os.userInfo;
}

let userInfoPatched = false;
