/**
 * Example scripts offered by the console, each showing one thing InkDB does.
 */

/** One example. */
export interface Example {
  readonly title: string;
  /** Who it is best run as (the user switcher is set to it). */
  readonly user: string;
  readonly sql: string;
}

/** The console's examples. */
export const EXAMPLES: readonly Example[] = [
  {
    title: 'Per-user rows',
    user: 'alice',
    sql: `-- Run as alice, then switch to bob or root and run it again:
-- chat.messages is a USER table, each user sees only their own partition.
SELECT current_user() AS me, count(*) AS my_messages FROM chat.messages;
SELECT room, author, body FROM chat.messages ORDER BY id;`,
  },
  {
    title: 'A script, every result',
    user: 'root',
    sql: `CREATE NAMESPACE IF NOT EXISTS shop;
CREATE TABLE IF NOT EXISTS shop.products (id INT PRIMARY KEY, name TEXT NOT NULL, price DOUBLE);
INSERT INTO shop.products VALUES (1, 'pen', 1.5), (2, 'ink', 4.25), (3, 'paper', 3)
  ON CONFLICT (id) DO NOTHING;
SELECT name, price FROM shop.products WHERE price > 2 ORDER BY price DESC;
SELECT count(*) AS products, round(avg(price), 2) AS avg_price FROM shop.products;`,
  },
  {
    title: 'A million rows',
    user: 'root',
    sql: `-- 1,000,000 rows arrive as one Arrow table; the grid draws only what is on screen.
SELECT x AS id, x % 7 AS bucket, x * 0.5 AS half
FROM generate_series(1, 1000000) AS g(x);`,
  },
  {
    title: 'EXPLAIN',
    user: 'root',
    sql: `EXPLAIN
SELECT m.room, count(*) AS n
FROM chat.messages m JOIN chat.rooms r ON r.id = m.room
WHERE m.body LIKE '%a%'
GROUP BY m.room ORDER BY n DESC LIMIT 5;`,
  },
  {
    title: 'System tables',
    user: 'root',
    sql: `SELECT namespace_id, table_name, table_type, access_level, ttl_seconds FROM system.tables ORDER BY 1, 2;
SELECT user_id, role, auth_type FROM system.users ORDER BY user_id;
SELECT namespace_id, table_name, partition, rows FROM system.stats ORDER BY 1, 2, 3;`,
  },
  {
    title: 'Errors',
    user: 'root',
    sql: `SELECT 1 AS fine;
SELECT room, bodyy
FROM chat.messages;`,
  },
];
