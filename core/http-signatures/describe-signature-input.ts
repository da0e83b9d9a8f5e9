import { parseDictionary, serializeInnerList, serializeItem, serializeParameters, type BareItem, type Parameters } from 'structured-headers';

/** One signature of a `Signature-Input` field, for evidence and for verification. */
export interface SignatureInputDescription {
  /** The dictionary key, e.g. `sig1`. */
  label: string;
  /** Covered component identifiers without quotes, in order; parameters kept, e.g. `content-digest;sf`. */
  components: string[];
  created?: number;
  expires?: number;
  keyid?: string;
  alg?: string;
  nonce?: string;
  tag?: string;
  /** The serialized inner list: the value of the `@signature-params` line of the signature base. */
  signatureParams: string;
}

const INTEGER_PARAMS = ['created', 'expires'] as const;
const STRING_PARAMS = ['keyid', 'alg', 'nonce', 'tag'] as const;

/**
 * Parses a `Signature-Input` field value (RFC 9421 §4.1) into one description per signature.
 * @throws Error with a one-line message when the value is not a dictionary of inner lists of
 *   strings, or a known parameter has the wrong type.
 */
export function describeSignatureInput(headerValue: string): SignatureInputDescription[] {
  let dictionary: ReturnType<typeof parseDictionary>;
  try {
    dictionary = parseDictionary(headerValue);
  } catch (cause) {
    throw new Error(`Signature-Input "${headerValue}" is not an RFC 8941 dictionary (SIG-003). Send sig1=("@method" ...);created=...;keyid="...".`, { cause });
  }
  return [...dictionary].map(([label, member]) => {
    const [items, params] = member;
    if (!Array.isArray(items)) {
      throw new Error(`Signature-Input ${label} is not an inner list of components (SIG-003). Send ${label}=("@method" "@target-uri" ...).`);
    }
    const components = items.map(([name, itemParams]) => {
      if (typeof name !== 'string') {
        throw new Error(`Signature-Input ${label} covers ${serializeItem([name, itemParams])}, which is not a quoted component name (SIG-003).`);
      }
      return name + serializeParameters(itemParams);
    });
    return { label, components, ...describeParams(label, params), signatureParams: serializeInnerList([items, params]) };
  });
}

function describeParams(label: string, params: Parameters): Partial<SignatureInputDescription> {
  const described: Record<string, string | number> = {};
  for (const name of INTEGER_PARAMS) {
    const value = params.get(name);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new Error(`Signature-Input ${label} has ${name}=${show(value)}; expected an integer of Unix seconds (SIG-003).`);
    }
    described[name] = value;
  }
  for (const name of STRING_PARAMS) {
    const value = params.get(name);
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      throw new Error(`Signature-Input ${label} has ${name}=${show(value)}; expected a quoted string (SIG-003).`);
    }
    described[name] = value;
  }
  return described;
}

function show(value: BareItem): string {
  return serializeItem([value, new Map()]);
}
