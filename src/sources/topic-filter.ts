/**
 * MQTT topic filters (`home/+/temp`, `sensors/#`) and their mapping to data keys.
 *
 * A key template names the key a matching topic's payload is written under: `{topic}` is the whole
 * topic with `/` turned into `.`, `{1}`, `{2}`, ... the segments the wildcards matched (a `#` match
 * joined with `.`). The default template is `{topic}`.
 */

export interface TopicFilter {
  readonly filter: string;
  readonly segments: readonly string[];
  readonly template: string;
}

/** Check a filter's syntax; throws naming the filter. */
export function parseTopicFilter(filter: string, template = '{topic}'): TopicFilter {
  if (typeof filter !== 'string' || filter === '')
    throw new TypeError(`topic filter: expected a non-empty string, got ${String(filter)}`);
  const segments = filter.split('/');
  segments.forEach((seg, i) => {
    if (seg === '#' && i !== segments.length - 1)
      throw new TypeError(`topic filter "${filter}": "#" must be the last segment`);
    if (seg !== '#' && seg !== '+' && (seg.includes('#') || seg.includes('+')))
      throw new TypeError(`topic filter "${filter}": a wildcard must fill a whole segment, got "${seg}"`);
  });
  if (typeof template !== 'string' || template === '')
    throw new TypeError(
      `topic filter "${filter}": key template must be a non-empty string, got ${String(template)}`,
    );
  return { filter, segments, template };
}

/** The segments the wildcards of `filter` matched in `topic`, or null when it does not match. */
export function matchTopic(filter: TopicFilter, topic: string): string[] | null {
  const parts = topic.split('/');
  const captured: string[] = [];
  const segs = filter.segments;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as string;
    if (seg === '#') {
      // `a/#` also matches `a` itself (MQTT 3.1.1, 4.7.1.2); topics starting with `$` are not matched
      // by a leading wildcard.
      if (i === 0 && topic.startsWith('$')) return null;
      captured.push(parts.slice(i).join('.'));
      return captured;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (seg === '+') {
      if (i === 0 && part.startsWith('$')) return null;
      captured.push(part);
    } else if (seg !== part) {
      return null;
    }
  }
  return parts.length === segs.length ? captured : null;
}

/** The key `topic` maps to under `filter`'s template. */
export function topicKey(filter: TopicFilter, topic: string, captured: readonly string[]): string {
  return filter.template.replace(/\{(topic|\d+)\}/g, (_m, name: string) => {
    if (name === 'topic') return topic.split('/').join('.');
    return captured[Number(name) - 1] ?? '';
  });
}
