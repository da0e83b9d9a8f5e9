import { execFile } from 'node:child_process';
import { fromPackageRoot } from '../../../core/package-root.js';

/** The compiled CLI (dist/; rebuild with `npx tsc -p tsconfig.build.json && node dist/harness/build/compile-data.js dist`). */
export const COMPILED_CLI = fromPackageRoot('dist', 'harness', 'cli', 'bin.js');

/** Runs the compiled CLI as a lab would, without a shell; resolves with its exit code and output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [COMPILED_CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 2) : 0, stdout, stderr });
    });
  });
}

/** A product declaration of the given profile and edition, claiming no feature. */
export function productYaml(profile: string, edition: string): string {
  return `vendor: Example Labs\nproduct: Fleet Box\nversion: 2.1.0\nprofile: ${profile}\nedition: ${edition}\nfeatures: []\ncontact: cert@example.test\n`;
}

/** The files every certification bundle holds, the SUT's logs included: a normal run keeps them, not only a failed launch. */
export const BUNDLE_FILES = ['bundle.sigstore.json', 'junit.xml', 'manifest.json', 'product.yaml', 'report.html', 'results.json', 'sut-logs.txt', 'traffic.har'];
