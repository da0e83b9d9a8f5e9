#!/usr/bin/env node
import { processCleanups } from '../launch/cleanup-registry.js';
import { withTestcontainersEnvironment } from '../launch/testcontainers-env.js';
import { DRAIN_BOUND_MS, installInterruptHandling } from './interrupt-handling.js';
import { main } from './main.js';
import { wantsColor } from './wants-color.js';

// The process owner: the only place that sets process-wide state, handles signals and exits.
withTestcontainersEnvironment(process.env);
installInterruptHandling({ cleanups: processCleanups, stderr: (text) => process.stderr.write(text), exit: (code) => process.exit(code) });

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  color: wantsColor(process.env, Boolean(process.stdout.isTTY)),
  progressStream: process.stderr,
});
// A failed run may have left something registered; undo it before the process ends.
const { unfinished } = await processCleanups.drain({ timeoutMs: DRAIN_BOUND_MS });
if (unfinished.length > 0) process.stderr.write(`margo-conformance: not undone within ${DRAIN_BOUND_MS} ms, so killed or removed without waiting: ${unfinished.join('; ')}.\n`);
