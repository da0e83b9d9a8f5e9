// Example control adapter: maps the margo-conformance control contract (harness/control/control-contract.ts)
// onto a WFM's own management API. The "Acme WFM" endpoints below are invented: replace them with yours.
// Run it on loopback beside your WFM and pass --control http://127.0.0.1:9444/control/v1 to the suite.
import { createServer } from 'node:http';

const WFM_ADMIN = process.env.ACME_ADMIN_URL ?? 'http://127.0.0.1:8080/admin';
const TOKEN = process.env.ACME_ADMIN_TOKEN ?? '';

async function acme(method, path, body) {
  const response = await fetch(`${WFM_ADMIN}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

// Like acme(), but hands back a refusal instead of throwing: the suite tells a refused package from a failed pull.
async function acmeAnswer(method, path, body) {
  const response = await fetch(`${WFM_ADMIN}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { ok: response.ok, status: response.status, json: await response.json().catch(() => ({})) };
}

const routes = {
  'GET /capabilities': async () => [200, { operations: ['accept-client', 'load-package', 'load-package-from-registry', 'create-deployment', 'delete-deployment', 'read-client', 'reset'] }],
  'POST /clients': async (body) => [201, { clientId: (await acme('POST', '/trusted-clients', { spiffeId: body.spiffeId })).id }],
  'POST /packages': async (body) => [201, { applicationId: (await acme('POST', '/catalog/import', { yaml: body.descriptionYaml })).appId }],
  // Pull from the suite's registry ({registry, repository, version?}): 201 loaded, 422 refused content, 502 could not pull.
  'POST /packages/from-registry': async (body) => {
    const { ok, status, json } = await acmeAnswer('POST', '/catalog/pull', { registryUrl: body.registry, repository: body.repository, tag: body.version });
    if (ok) return [201, { applicationId: json.appId, version: json.version, manifestDigest: json.digest }];
    return [status === 422 ? 422 : 502, { error: json.message ?? `Acme answered ${status}` }];
  },
  'POST /deployments': async (body) => [201, { deploymentId: (await acme('POST', '/assignments', body)).id }],
  'POST /reset': async () => [204, undefined],
};

createServer(async (request, response) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const route = routes[`${request.method} ${request.url.replace(/^\/control\/v1/, '')}`];
  try {
    if (!route) return void response.writeHead(501).end(JSON.stringify({ error: 'operation not offered by this adapter' }));
    const [status, body] = await route(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {});
    response.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? undefined : JSON.stringify(body));
  } catch (error) {
    response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
  }
}).listen(9444, '127.0.0.1');
