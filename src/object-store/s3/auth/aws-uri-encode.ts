/**
 * Percent-encodes as AWS signs (RFC 3986: everything but `A-Za-z0-9-_.~`, UTF-8, capital hex);
 * slashes kept when `keepSlash` (object paths).
 */
export function awsUriEncode(text: string, keepSlash = false): string {
  const encoded = encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}
