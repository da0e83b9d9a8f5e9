import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';

/** One request the scripted WFM received. */
export interface Received {
  at: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A route handler; undefined falls through to the default (manifest, documents, 2xx for reports). */
export type Script = (request: Received) => Answer | undefined;

export interface ScriptedWfm {
  url: string;
  received: Received[];
  /** Sets the desired state the default routes serve; returns the manifest. */
  serve(state: { version: number; deployments: { id: string; yaml: string; digest?: string; sizeBytes?: number }[] }): Record<string, unknown>;
  script: Script | undefined;
  close(): Promise<void>;
}

export const sha256 = (bytes: string | Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * A tiny rc.3-path WFM for device tests that need what the reference WFM will not do: tampered
 * documents, rollbacks, 404s, 503s, a foreign certificate. Every request is recorded; mTLS client
 * certificates are requested but not checked. (The device suite's validating mock WFM replaces this.)
 */
export async function startScriptedWfm(tls: { certPem: string; keyPem: string }): Promise<ScriptedWfm> {
  let manifest = Buffer.from(JSON.stringify({ bundle: null, deployments: [], manifestVersion: 1 }));
  let documents = new Map<string, string>();
  const wfm: ScriptedWfm = {
    url: '',
    received: [],
    script: undefined,
    serve(state) {
      documents = new Map();
      const deployments = state.deployments.map((deployment) => {
        const digest = deployment.digest ?? sha256(deployment.yaml);
        const url = `/api/v1/deployments/${deployment.id}/${digest}`;
        documents.set(url, deployment.yaml);
        return { deploymentId: deployment.id, digest, sizeBytes: deployment.sizeBytes ?? Buffer.byteLength(deployment.yaml), url };
      });
      const body = { bundle: null, deployments, manifestVersion: state.version };
      manifest = Buffer.from(JSON.stringify(body));
      return body;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const defaultAnswer = (request: Received): Answer => {
    if (request.method === 'GET' && request.path === '/api/v1/deployments') {
      const etag = `"${sha256(manifest)}"`;
      if (request.headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
      return { status: 200, headers: { etag, 'content-type': 'application/vnd.margo.manifest.v1+json' }, body: manifest };
    }
    const document = documents.get(request.path);
    if (request.method === 'GET') return document === undefined ? { status: 404 } : { status: 200, headers: { 'content-type': 'application/yaml' }, body: document };
    return { status: request.method === 'PUT' ? 200 : 201 };
  };
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.3' }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Received = { at: Date.now(), method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      wfm.received.push(request);
      const answer = wfm.script?.(request) ?? defaultAnswer(request);
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  wfm.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return wfm;
}

/** An rc.3 ApplicationDeployment YAML for device-1 with the given components and extra profile members. */
export function deploymentYaml(id: string, components: { name: string; repository?: string; wait?: boolean }[], profile: Record<string, unknown> = {}): string {
  return stringify({
    id,
    metadata: { name: `app-${id.slice(0, 8)}`, namespace: 'app', deviceId: 'device-1' },
    spec: {
      applicationId: 'app',
      deploymentProfile: {
        type: 'helm',
        components: components.map((component) => ({
          name: component.name,
          properties: { repository: component.repository ?? `oci://registry.example/${component.name}`, revision: '1.0.0', ...(component.wait === undefined ? {} : { wait: component.wait }) },
        })),
        ...profile,
      },
    },
  });
}
