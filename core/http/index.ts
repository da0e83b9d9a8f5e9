export { createHttpClient, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, type HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse, type TlsIdentity } from './http-client.js';
export { HttpBodyLimitError, HttpClientError, HttpConnectionError, HttpTimeoutError, isTlsRefusal } from './http-errors.js';
export { EVIDENCE_LIMIT, recordExchange, redactHeaders, showBody } from './record-exchange.js';
export { probeTls, type TlsProbeOptions, type TlsProbeResult } from './tls-probe.js';
