-- The Orleans ADO.NET providers ship no SQL: at start-up each reads the statements it runs from
-- this table, by key. The names are unquoted on purpose: the providers query
-- "SELECT QueryKey, QueryText FROM OrleansQuery", which PostgreSQL folds to lower case.
CREATE TABLE orleansquery (
    querykey  text PRIMARY KEY,
    querytext text NOT NULL
);
