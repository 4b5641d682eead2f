// Strict UTF-8 decoding for input the operator wrote (profiles, values files, a password on stdin):
// invalid bytes are refused, never silently replaced with U+FFFD.

/** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
