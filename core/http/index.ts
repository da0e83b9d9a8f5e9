export { createHttpClient, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, type HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse, type TlsIdentity } from './http-client.js';
export { HttpBodyLimitError, HttpClientError, HttpConnectionError, HttpTimeoutError, isKitRefusal, isTlsRefusal, type Observed } from './http-errors.js';
export { describePeer, handshakeResultOf, isUnreachableCode, observeHandshake } from './observe-handshake.js';
export { EVIDENCE_LIMIT, recordExchange, redactHeaders, showBody } from './record-exchange.js';
export { probeTls, type TlsProbeOptions, type TlsProbeResult } from './tls-probe.js';
