import type { HttpExchange, RunResults, TlsHandshake, TrafficRecord } from '../core/results/model.js';

/** The HAR 1.2 subset we write (http://www.softwareishard.com/blog/har-12-spec/); `_`-fields are HAR's custom fields. */
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    comment: string;
    entries: HarEntry[];
    /** TLS handshakes of the traffic log: HAR has no place for them, so they keep their record shape here. */
    _tlsHandshakes: (TlsHandshake & { id: string; check?: string })[];
  };
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: { name: string; value: string }[];
    queryString: { name: string; value: string }[];
    postData?: { mimeType: string; text: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: { name: string; value: string }[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  /** The traffic record's id that findings cite (`t-000001`). */
  _id: string;
  _check?: string;
  /** Why no response came (timeout, reset, TLS refusal). */
  _error?: string;
}

/** `traffic.har`: the run's traffic log as HAR 1.2, which browsers' dev tools and many HTTP tools open. */
export function renderHar(results: RunResults): string {
  return JSON.stringify(toHar(results), null, 2) + '\n';
}

export function toHar(results: RunResults): Har {
  const started = Date.parse(results.run.startedAt);
  const records: TrafficRecord[] = results.traffic ?? [];
  const entries = records.filter((r): r is HttpExchange & { id: string; check?: string } => r.kind === 'http').map((r) => harEntry(r, started));
  const tls = records.filter((r): r is TlsHandshake & { id: string; check?: string } => r.kind === 'tls');
  return {
    log: {
      version: '1.2',
      creator: { name: results.tool.name, version: results.tool.version },
      comment: `Traffic of the ${results.profile.id} run started ${results.run.startedAt}; secrets redacted, bodies truncated.`,
      entries,
      _tlsHandshakes: tls,
    },
  };
}

/** The ids of every record a HAR file holds: what evidence references may cite. */
export function harRecordIds(har: Har): Set<string> {
  return new Set([...har.log.entries.map((e) => e._id), ...(har.log._tlsHandshakes ?? []).map((t) => t.id)]);
}

function harEntry(record: HttpExchange & { id: string; check?: string }, started: number): HarEntry {
  const at = Number.isFinite(started) ? started + (record.at ?? 0) : Date.now();
  const httpVersion = `HTTP/${record.httpVersion ?? '1.1'}`;
  const requestBody = record.request.body;
  const response = record.response;
  return {
    startedDateTime: new Date(at).toISOString(),
    time: 0,
    request: {
      method: record.request.method,
      url: record.request.url,
      httpVersion,
      cookies: [],
      headers: headerList(record.request.headers),
      queryString: queryOf(record.request.url),
      ...(requestBody !== undefined ? { postData: { mimeType: headerValue(record.request.headers, 'content-type') ?? 'application/octet-stream', text: requestBody } } : {}),
      headersSize: -1,
      bodySize: requestBody === undefined ? 0 : Buffer.byteLength(requestBody),
    },
    response: {
      status: response?.status ?? 0,
      statusText: '',
      httpVersion: response ? httpVersion : '',
      cookies: [],
      headers: headerList(response?.headers ?? {}),
      content: {
        size: response?.body === undefined ? 0 : Buffer.byteLength(response.body),
        mimeType: headerValue(response?.headers ?? {}, 'content-type') ?? '',
        ...(response?.body !== undefined ? { text: response.body } : {}),
        ...(response?.truncated ? { comment: 'body truncated by the kit' } : {}),
      },
      redirectURL: headerValue(response?.headers ?? {}, 'location') ?? '',
      headersSize: -1,
      bodySize: response?.body === undefined ? (response ? 0 : -1) : Buffer.byteLength(response.body),
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _id: record.id,
    ...(record.check ? { _check: record.check } : {}),
    ...(record.error ? { _error: record.error } : {}),
  };
}

function headerList(headers: Record<string, string>): { name: string; value: string }[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}
