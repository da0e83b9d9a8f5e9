import type { DeviceContext } from '../device-context.js';
import type { DeviceCapabilities } from '../device-options.js';
import { fillPath } from '../transport/fill-path.js';

export interface CapabilitiesReporter {
  /** The capabilities last read. */
  current(): DeviceCapabilities;
  /** Whether a report was accepted in this run. */
  reported(): boolean;
  /** Re-reads the source and reports when nothing was reported yet in this run (CAP-001) or the body changed (CAP-002). */
  sync(context: DeviceContext): Promise<void>;
}

/**
 * Capabilities reports with the edition's methods: the create method until the WFM has accepted one,
 * then the update method (rc.3 PUT/PUT, preview-1 POST/PUT). Every run reports once at start, since
 * reporting is the first call after connecting (CAP-001). The edition's envelope, if any, wraps the body.
 */
export function createCapabilitiesReporter(initial: DeviceCapabilities, source: () => DeviceCapabilities | Promise<DeviceCapabilities>): CapabilitiesReporter {
  let current = initial;
  let lastSent: string | undefined;
  return {
    current: () => current,
    reported: () => lastSent !== undefined,
    async sync(context) {
      try {
        current = await source();
      } catch (cause) {
        context.log.emit({ event: 'config-error', reason: `capabilities not re-read, keeping the last ones: ${(cause as Error).message}` });
      }
      const body = bodyOf(context, current);
      const text = JSON.stringify(body);
      if (lastSent !== undefined && (text === lastSent || context.faults.has('never-resends-capabilities'))) return;
      const { create, update } = context.edition.api.capabilities;
      const method = context.store.data.capabilitiesCreated ? update.method : create.method;
      const path = fillPath(context.edition.api.paths.capabilities, { deviceId: context.deviceId, clientId: context.store.data.clientId });
      const response = await context.client.expect({ method, path, json: body }, [200, 201, 204]);
      context.gate.succeeded();
      lastSent = text;
      context.log.emit({ event: 'capabilities-sent', method, status: response.status });
      if (!context.store.data.capabilitiesCreated) {
        context.store.data.capabilitiesCreated = true;
        await context.store.save();
      }
    },
  };
}

function bodyOf(context: DeviceContext, capabilities: DeviceCapabilities): Record<string, unknown> {
  const envelope = context.edition.api.envelope;
  // CAP-014: properties.id is the device id of the path.
  const properties = { ...capabilities.properties, id: context.deviceId };
  return {
    ...(envelope ? { apiVersion: envelope.apiVersion.capabilities, kind: envelope.kind.capabilities } : {}),
    ...context.facts.capabilitiesBody(properties, capabilities.labels),
  };
}
