/** The `<source>` forms, as help text. */
import { SOURCE_FORMS } from './source-spec.js';

const width = Math.max(...SOURCE_FORMS.map(([form]) => form.length));

export const SOURCE_HELP = [
  'sources:',
  ...SOURCE_FORMS.map(([form, what]) => `  ${form.padEnd(width)}  ${what}`),
].join('\n');
