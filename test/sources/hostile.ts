/** A corpus of hostile payloads every text transport must refuse, each with the reason it is counted under. */
import type { RefusalReason } from '../../src/sources/index.js';

export interface HostilePayload {
  readonly name: string;
  readonly text: string;
  readonly reason: RefusalReason;
  /**
   * The reason when a transport nests the payload under a key (an MQTT topic): an array becomes a
   * field of the wrong type, a bare string a valid string field (`accepted`). Default: `reason`.
   */
  readonly keyedReason?: RefusalReason | 'accepted';
}

export function hostileCorpus(): HostilePayload[] {
  return [
    { name: 'malformed JSON', text: '{"temp": 21.5', reason: 'bad-json' },
    { name: 'a 10 MB string', text: `{"s":"${'x'.repeat(10 * 1024 * 1024)}"}`, reason: 'too-large' },
    {
      name: '10,000-deep nesting',
      text: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
      reason: 'too-deep',
    },
    { name: 'a __proto__ key', text: '{"__proto__":{"polluted":true}}', reason: 'forbidden-key' },
    {
      name: 'a constructor key',
      text: '{"constructor":{"prototype":{"polluted":true}}}',
      reason: 'forbidden-key',
    },
    { name: 'NaN', text: '{"temp":NaN}', reason: 'bad-json' },
    { name: 'Infinity as a huge literal', text: '{"temp":1e999}', reason: 'non-finite' },
    {
      name: 'an array where fields belong',
      text: '[1,2,3]',
      reason: 'not-an-object',
      keyedReason: 'wrong-type',
    },
    { name: 'an array field', text: '{"temp":[1,2]}', reason: 'wrong-type' },
    { name: 'a bare string', text: '"hello"', reason: 'not-an-object', keyedReason: 'accepted' },
  ];
}
