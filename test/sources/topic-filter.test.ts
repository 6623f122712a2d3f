import { describe, expect, it } from 'vitest';
import { matchTopic, parseTopicFilter, topicKey } from '../../src/sources/index.js';

describe('MQTT topic filters', () => {
  it.each([
    ['home/+/temp', 'home/kitchen/temp', ['kitchen']],
    ['home/+/temp', 'home/kitchen/hum', null],
    ['home/+/temp', 'home/a/b/temp', null],
    ['home/#', 'home/a/b', ['a.b']],
    ['home/#', 'home', ['']],
    ['#', 'a/b', ['a.b']],
    ['#', '$SYS/broker', null],
    ['+/status', '$SYS/status', null],
    ['a/b', 'a/b', []],
    ['a/b', 'a/b/c', null],
    ['+/+', 'x/y', ['x', 'y']],
  ])('filter %s against topic %s captures %j', (filter, topic, expected) => {
    expect(matchTopic(parseTopicFilter(filter), topic)).toEqual(expected);
  });

  it.each([
    ['home/+/temp', '{topic}', 'home/kitchen/temp', 'home.kitchen.temp'],
    ['home/+/temp', 'temp.{1}', 'home/kitchen/temp', 'temp.kitchen'],
    ['sensors/+/+', '{2}.{1}', 'sensors/hall/co2', 'co2.hall'],
    ['logs/#', 'log.{1}', 'logs/a/b', 'log.a.b'],
  ])('filter %s with key %s maps %s to %s', (filter, template, topic, key) => {
    const f = parseTopicFilter(filter, template);
    expect(topicKey(f, topic, matchTopic(f, topic) ?? [])).toBe(key);
  });

  it('refuses malformed filters naming them', () => {
    expect(() => parseTopicFilter('a/#/b')).toThrow(/"a\/#\/b": "#" must be the last segment/);
    expect(() => parseTopicFilter('a/b+')).toThrow(/a wildcard must fill a whole segment, got "b\+"/);
    expect(() => parseTopicFilter('')).toThrow(/non-empty/);
  });
});
