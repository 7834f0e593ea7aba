import { describe, expect, it } from 'vitest';
import { DEFAULT_JSON_LIMITS, jsonShapeProblem } from '../../src/plugins/json-body.js';

const limits = { maxDepth: 3, maxValues: 5 };

describe('jsonShapeProblem', () => {
  it('lets bodies within the limits through', () => {
    expect(jsonShapeProblem('{"a":1,"b":[1,2]}', limits)).toBeNull();
    expect(jsonShapeProblem('[[[1]]]', limits)).toBeNull();
    expect(jsonShapeProblem('"just a string"', limits)).toBeNull();
  });

  it('refuses nesting past the limit, whatever mix of objects and arrays', () => {
    expect(jsonShapeProblem('[[[[1]]]]', limits)).toBe('nests deeper than 3 levels');
    expect(jsonShapeProblem('{"a":[{"b":[]}]}', limits)).toBe('nests deeper than 3 levels');
  });

  it('refuses more values than the limit, counting members and elements', () => {
    expect(jsonShapeProblem('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}', limits)).toBe('has more than 5 values');
    expect(jsonShapeProblem('[1,2,3,4,5,6]', limits)).toBe('has more than 5 values');
  });

  it('skips brackets and commas inside strings, escaped quotes included', () => {
    expect(jsonShapeProblem('{"a":"[[[[,,,,,,]]]]"}', limits)).toBeNull();
    expect(jsonShapeProblem('{"a":"\\"[[[[,,,,,,\\\\"}', limits)).toBeNull();
    // After an escaped backslash the quote does end the string: what follows is counted.
    expect(jsonShapeProblem('["\\\\",[[[1]]]]', limits)).toBe('nests deeper than 3 levels');
  });

  it('leaves malformed text to the parser', () => {
    expect(jsonShapeProblem('{"a":"never closed', limits)).toBeNull();
    expect(jsonShapeProblem(']]]]', limits)).toBeNull();
  });

  it('has defaults that every body of the API fits in', () => {
    expect(DEFAULT_JSON_LIMITS.maxDepth).toBeGreaterThanOrEqual(4);
    expect(DEFAULT_JSON_LIMITS.maxValues).toBeGreaterThanOrEqual(100);
  });
});
