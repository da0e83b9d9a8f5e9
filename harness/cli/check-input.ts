import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../../core/input/limits.js';
import { parseYaml } from '../../core/input/parse-yaml.js';
import { readFileBounded } from '../../core/input/read-file-bounded.js';
import { escapeTerminal } from '../../reports/escape-terminal.js';
import { UsageError } from './usage-error.js';

/**
 * What makes a static command's input unusable before any check runs, each as one-line usage error (exit 2):
 * a path that does not exist, a package directory without margo.yaml, a YAML file that is binary or does not
 * parse. Duplicate keys and refused (oversized, alias-bomb) documents are left to the checks, which report
 * them as findings. Archives and OCI layouts are left to the loaders.
 */
export async function checkInput(command: 'package' | 'compose', path: string, options: { folderOfPackages?: boolean } = {}): Promise<void> {
  const shown = escapeTerminal(path);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`margo-conformance ${command}: ${shown} does not exist. Give ${command === 'package' ? 'a package directory, a .tar.gz, a margo.yaml or an OCI image layout' : 'a compose.yaml, a Compose Archive or an OCI image layout'}.`);
  let yamlFile: string | undefined;
  if (info.isDirectory()) {
    const has = async (name: string) => (await stat(join(path, name)).catch(() => undefined))?.isFile() === true;
    if (options.folderOfPackages || command === 'compose' || (await has('oci-layout'))) return;
    if (!(await has('margo.yaml'))) {
      throw new UsageError(`margo-conformance package: ${shown} has no margo.yaml and is not an OCI image layout. Give a package directory, or add --recursive to check every package below it.`);
    }
    yamlFile = join(path, 'margo.yaml');
  } else if (/\.ya?ml$/i.test(path) || command === 'compose') {
    yamlFile = path;
  }
  if (yamlFile === undefined) return;
  const bytes = await readFileBounded(yamlFile, { limit: DEFAULT_LIMITS.maxYamlBytes + 1, what: yamlFile }).catch(() => undefined);
  if (!bytes || (bytes[0] === 0x1f && bytes[1] === 0x8b)) return;
  const where = escapeTerminal(yamlFile);
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error('NUL byte');
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`margo-conformance ${command}: ${where} is binary (${bytes.length} bytes), not YAML text. Give the YAML file itself.`);
  }
  const parsed = parseYaml(text);
  const syntax = parsed.refused ? undefined : parsed.problems.find((p) => !/unique/i.test(p.message));
  if (syntax) {
    const at = syntax.line !== undefined ? `:${syntax.line}${syntax.column !== undefined ? `:${syntax.column}` : ''}` : '';
    throw new UsageError(`margo-conformance ${command}: ${where}${at}: YAML syntax error: ${escapeTerminal(syntax.message.replace(/\.$/, ''))}. Fix the YAML so it parses.`);
  }
}
