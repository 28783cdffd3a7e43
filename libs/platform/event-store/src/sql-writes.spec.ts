import { oneStatement, type SqlWrite } from './sql-writes';

const insert = (table: string, value: unknown): SqlWrite => (param) => `INSERT INTO ${table} (v) VALUES (${param(value)})`;

describe('oneStatement', () => {
  it('sends a single write as it is, its parameters numbered from $1', () => {
    expect(oneStatement([(p) => `UPDATE t SET a = ${p(1)} WHERE b = ${p('x')}`])).toEqual({ text: 'UPDATE t SET a = $1 WHERE b = $2', values: [1, 'x'] });
  });

  it('joins several writes as data-modifying CTEs, the parameters numbered across them in order', () => {
    expect(oneStatement([insert('a', 1), insert('b', 'two'), insert('c', [3])])).toEqual({
      text: 'WITH w0 AS (INSERT INTO a (v) VALUES ($1)), w1 AS (INSERT INTO b (v) VALUES ($2)) INSERT INTO c (v) VALUES ($3)',
      values: [1, 'two', [3]],
    });
  });

  it('refuses to build a statement of nothing', () => {
    expect(() => oneStatement([])).toThrow('at least one write');
  });
});
