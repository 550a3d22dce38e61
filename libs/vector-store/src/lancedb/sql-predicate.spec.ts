import {
  InvalidPredicateValueError,
  chunkFilterPredicate,
  filterMatchesNothing,
  sqlString,
  uuidIn,
  uuidNotIn,
  visibilityIn,
} from './sql-predicate';

const WS = '6f1c1d6e-8a39-4d2e-9b7a-1c2d3e4f5a6b';
const DOC = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('sql predicates', () => {
  it('doubles single quotes and refuses NUL in string literals', () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString("' OR '1'='1")).toBe("''' OR ''1''=''1'");
    expect(() => sqlString('a\0b')).toThrow(InvalidPredicateValueError);
  });

  it('always starts with the workspace and quotes camelCase columns', () => {
    expect(chunkFilterPredicate(WS)).toBe(`(\`workspaceId\` = '${WS}')`);
    expect(chunkFilterPredicate(WS, { visibility: ['public'], documentIds: [DOC] })).toBe(
      `(\`workspaceId\` = '${WS}') AND (\`visibility\` IN ('public')) AND (\`documentId\` IN ('${DOC}'))`,
    );
  });

  it('accepts only UUIDs and known visibilities', () => {
    expect(() => chunkFilterPredicate('not-a-uuid')).toThrow(InvalidPredicateValueError);
    expect(() => chunkFilterPredicate(undefined)).toThrow(InvalidPredicateValueError);
    expect(() => uuidIn('sourceId', [`${DOC}' OR '1'='1`])).toThrow(InvalidPredicateValueError);
    expect(() => visibilityIn(['secret'])).toThrow(InvalidPredicateValueError);
    expect(() => visibilityIn(['__proto__'])).toThrow(InvalidPredicateValueError);
  });

  it('turns empty lists into predicates that match nothing (IN) or everything (NOT IN)', () => {
    expect(uuidIn('id', [])).toBe('false');
    expect(uuidNotIn('id', [])).toBe('true');
    expect(filterMatchesNothing({ sourceIds: [] })).toBe(true);
    expect(filterMatchesNothing({ sourceIds: [DOC] })).toBe(false);
    expect(filterMatchesNothing({})).toBe(false);
  });
});
