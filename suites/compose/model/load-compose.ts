import { posix } from 'node:path';
import { parseYaml, refuseUnsafeYaml, type ParsedYaml } from '../../../core/input/parse-yaml.js';
import { DEFAULT_LIMITS, UnsafeInputError, type InputLimits } from '../../../core/input/limits.js';
import { escapeToken, interpolateValue, type Environment } from './interpolate.js';
import { resolveMergeKeys } from './merge-keys.js';
import { mergeServiceConfig, normalizeService } from './merge-service.js';
import { isRecord, type ComposeProblem, type ComposeProject, type ComposeService, type ProjectReader, type ServiceOrigin } from './compose-project.js';

export interface LoadComposeOptions {
  /** Path of the Compose file relative to the project root (archive top directory, or the file's directory). */
  file: string;
  text: string;
  env?: Environment;
  /** Reads other files of the project for `extends.file`; absent for a lone file, so such extends are problems. */
  read?: ProjectReader;
  limits?: InputLimits;
}

interface LoadedDocument {
  file: string;
  parsed: ParsedYaml;
  raw: Record<string, unknown>;
  value: Record<string, unknown>;
  unresolved: Map<string, string[]>;
  substituted: Set<string>;
}

/** Longest `extends` chain followed; Compose has no limit, a hostile file must not make us loop. */
const MAX_EXTENDS_DEPTH = 10;

/**
 * Reads a Compose file the way Compose does: YAML with merge keys, interpolation, then `extends`
 * (in the same file or in another file of the project, never outside the project root).
 */
export function loadCompose(options: LoadComposeOptions): ComposeProject {
  const env = options.env ?? new Map<string, string>();
  const limits = options.limits ?? DEFAULT_LIMITS;
  const problems: ComposeProblem[] = [];
  const documents = new Map<string, LoadedDocument | undefined>();
  const load = (file: string, text: string): LoadedDocument | undefined => {
    const parsed = refuseUnsafeYaml(parseYaml(text, limits), file);
    for (const problem of parsed.problems) problems.push({ file, message: problem.message, ...(problem.line ? { line: problem.line } : {}) });
    if (parsed.problems.length > 0) return undefined;
    const raw = resolveMergeKeys(parsed.value);
    if (!isRecord(raw)) {
      problems.push({ file, message: 'is not a mapping of top-level Compose keys' });
      return undefined;
    }
    let interpolated: ReturnType<typeof interpolateValue>;
    try {
      interpolated = interpolateValue(raw, env);
    } catch (cause) {
      if (cause instanceof UnsafeInputError) throw new UnsafeInputError(`${file} ${cause.message}`, { cause });
      throw cause;
    }
    const { value, unresolved, substituted } = interpolated;
    return { file, parsed, raw, value: value as Record<string, unknown>, unresolved, substituted };
  };
  const main = load(options.file, options.text);
  documents.set(options.file, main);

  const documentAt = (file: string, from: LoadedDocument, pointer: string): LoadedDocument | undefined => {
    const path = posix.normalize(posix.join(posix.dirname(from.file), file));
    if (file.startsWith('/') || path === '..' || path.startsWith('../')) {
      problems.push({ file: from.file, pointer, message: `extends.file "${file}" leaves the project directory; not followed` });
      return undefined;
    }
    if (!documents.has(path)) {
      const text = options.read?.(path);
      if (text === undefined) problems.push({ file: from.file, pointer, message: `extends.file "${file}" is not in the project; not followed` });
      documents.set(path, text === undefined ? undefined : load(path, text));
    }
    return documents.get(path);
  };

  const resolveService = (doc: LoadedDocument, name: string, trail: string[]): ComposeService | undefined => {
    const services = isRecord(doc.value.services) ? doc.value.services : {};
    const rawServices = isRecord(doc.raw.services) ? doc.raw.services : {};
    const own = services[name];
    if (!isRecord(own)) return undefined;
    const prefix = `/services/${escapeToken(name)}`;
    const origin: ServiceOrigin = { file: doc.file, service: name, raw: isRecord(rawServices[name]) ? rawServices[name] : {}, locate: doc.parsed.locate };
    const relative = <T>(entries: Iterable<[string, T]>) =>
      [...entries].filter(([p]) => p.startsWith(`${prefix}/`)).map(([p, v]) => [p.slice(prefix.length), v] as [string, T]);
    const normalized = normalizeService(own, new Map(relative(doc.unresolved)), new Set(relative([...doc.substituted].map((p) => [p, true])).map(([p]) => p)));
    let service: ComposeService = { name, config: normalized.config, origins: [origin], unresolved: normalized.unresolved, substituted: normalized.substituted };
    const extendsValue = own.extends;
    if (extendsValue === undefined) return service;
    const spec = typeof extendsValue === 'string' ? { service: extendsValue } : isRecord(extendsValue) ? extendsValue : {};
    const baseName = typeof spec.service === 'string' ? spec.service : undefined;
    const key = `${doc.file}#${name}`;
    if (!baseName) {
      problems.push({ file: doc.file, pointer: `${prefix}/extends`, message: `services.${name}.extends names no service` });
      return service;
    }
    if (trail.includes(key) || trail.length >= MAX_EXTENDS_DEPTH) {
      problems.push({ file: doc.file, pointer: `${prefix}/extends`, message: `services.${name}.extends forms a cycle or a chain deeper than ${MAX_EXTENDS_DEPTH}` });
      return service;
    }
    const baseDoc = typeof spec.file === 'string' ? documentAt(spec.file, doc, `${prefix}/extends/file`) : doc;
    if (!baseDoc) return service;
    const base = resolveService(baseDoc, baseName, [...trail, key]);
    if (!base) {
      problems.push({ file: doc.file, pointer: `${prefix}/extends`, message: `services.${name}.extends names service "${baseName}", which ${baseDoc.file} does not define` });
      return service;
    }
    const { extends: _dropped, ...ownConfig } = service.config;
    service = {
      name,
      config: mergeServiceConfig(base.config, ownConfig),
      origins: [origin, ...base.origins],
      unresolved: new Map([...base.unresolved, ...service.unresolved]),
      substituted: new Set([...base.substituted, ...service.substituted]),
    };
    return service;
  };

  const services: ComposeService[] = [];
  if (main && isRecord(main.value.services)) {
    for (const name of Object.keys(main.value.services).sort()) {
      const service = resolveService(main, name, []);
      if (service) services.push(service);
    }
  }
  return {
    file: options.file,
    parsed: main?.parsed ?? { value: undefined, problems: [], locate: () => undefined },
    document: main?.value,
    services,
    volumes: main && isRecord(main.value.volumes) ? main.value.volumes : {},
    problems,
    unresolved: main?.unresolved ?? new Map(),
  };
}
