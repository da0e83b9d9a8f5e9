import type { RunResults } from '../../core/results/model.js';
import { renderHar } from '../../reports/har-renderer.js';
import { renderHtml, renderJson, renderJunit } from '../../reports/index.js';
import type { BundleFiles } from './bundle-files.js';

export const PRODUCT_FILE = 'product.yaml';
export const TRAFFIC_FILE = 'traffic.har';
export const SUT_LOGS_FILE = 'sut-logs.txt';

/**
 * The files of a certification bundle before sealing: results.json (the traffic log moved out to
 * traffic.har, HAR 1.2), junit.xml, report.html, the product declaration as given, and the SUT's logs when any.
 */
export function bundleContent(results: RunResults, productSource: string, sutLogs?: string): BundleFiles {
  const { traffic, ...rest } = results;
  const written: RunResults = { ...rest, trafficLog: { file: TRAFFIC_FILE, records: traffic?.length ?? 0 } };
  const files: BundleFiles = new Map([
    ['results.json', Buffer.from(renderJson(written))],
    ['junit.xml', Buffer.from(renderJunit(results))],
    ['report.html', Buffer.from(renderHtml(results))],
    [PRODUCT_FILE, Buffer.from(productSource)],
    [TRAFFIC_FILE, Buffer.from(renderHar(results))],
  ]);
  if (sutLogs) files.set(SUT_LOGS_FILE, Buffer.from(sutLogs));
  return files;
}
