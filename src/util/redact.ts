/**
 * A URL's password kept out of what we print: `mqtt://user:secret@host/t` shows as
 * `mqtt://user:***@host/t`, wherever it is in `text` (a spec, an error message). Text without
 * credentials is returned as it is.
 */
export function redactUrlPassword(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^/@\s:]*):[^/@\s]*@/gi, '$1:***@');
}
