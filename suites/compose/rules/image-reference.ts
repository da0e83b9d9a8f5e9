/** An image reference split into name, tag and digest: `registry:5000/team/app:1.2@sha256:...`. */
export function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withTag = '', digest] = image.split('@');
  const slash = withTag.lastIndexOf('/');
  const colon = withTag.lastIndexOf(':');
  const hasTag = colon > slash;
  return { name: hasTag ? withTag.slice(0, colon) : withTag, ...(hasTag ? { tag: withTag.slice(colon + 1) } : {}), ...(digest ? { digest } : {}) };
}
