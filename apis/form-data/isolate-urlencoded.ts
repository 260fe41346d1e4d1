/**
 * application/x-www-form-urlencoded bodies as FormData (the Body mixin's `formData()`), using the URL
 * family's URLSearchParams for the URL standard's urlencoded parser.
 */
import { utf8Decode } from '../encoding/isolate.ts';
import { URLSearchParams } from '../url/isolate.ts';
import { type Entry, type FormData, formDataFromEntries } from './isolate.ts';

export function parseUrlencoded(bytes: Uint8Array): FormData {
  const entries: Entry[] = [];
  for (const [name, value] of new URLSearchParams(utf8Decode(bytes))) entries.push({ name, value });
  return formDataFromEntries(entries);
}
