-- Case lists and search at a million cases: an index for each shape of the case list query
-- (Api/Cases/CaseListQuery.cs), which names only the filters a request has.
-- pg_trgm and btree_gin are trusted extensions (PostgreSQL 13+): the database's owner may create
-- them, no superuser needed.
-- Like every migration this runs in one transaction: on a directory that already holds many cases
-- the indexes are built while the cases projection waits (about 35 s per million cases here).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- Name search: every folded word of q must occur in folded_names (LIKE '%word%'). Trigrams find the
-- candidates for words of three characters or more. The office is in the same index (btree_gin), so
-- that an office's name search is one index scan: combining the names' matches with every case of
-- the office from another index costs more than the search. Searches across offices use it as well.
CREATE INDEX case_directory_names_trigrams ON case_directory USING gin (office_code, folded_names gin_trgm_ops);
-- Whether the trigram index or the page order is the quicker way to a page of a name depends on how
-- many cases hold the name, which the planner reads off the column's histogram: with 100 entries
-- (the default) it mostly misses a family name held by 1 case in 100 and takes it for a rare one.
-- 1,000 entries tell common names from rare ones (ANALYZE then samples 300,000 rows).
ALTER TABLE case_directory ALTER COLUMN folded_names SET STATISTICS 1000;

-- A word of one or two characters (Li, Wu, Do, Ba, a digit) has no trigram: the trigram index could
-- only answer "every row", and checking each row finds a rare one after reading the whole table. So
-- names are also indexed by every one- and two-character piece of their words: such a word occurs in
-- the names exactly when it is one of these pieces (words never hold a space; folding leaves single
-- spaces between words).
CREATE FUNCTION case_directory_name_pieces(folded_names text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    pieces   text[] := '{}';
    current  text;
    previous text := ' ';
BEGIN
    FOR i IN 1 .. length(folded_names) LOOP
        current := substr(folded_names, i, 1);
        IF current <> ' ' THEN
            pieces := pieces || current;
            IF previous <> ' ' THEN
                pieces := pieces || (previous || current);
            END IF;
        END IF;
        previous := current;
    END LOOP;
    RETURN pieces;
END
$$;
CREATE INDEX case_directory_name_pieces ON case_directory USING gin (office_code, case_directory_name_pieces(folded_names));

-- Document search is by prefix (LIKE 'E1234%'). The clusters are made with the C.UTF-8 locale, which
-- PostgreSQL 15 does not treat as C: a plain btree cannot serve a prefix. text_pattern_ops compares
-- bytes and can (it serves equality too, so the plain index it replaces is not needed).
DROP INDEX case_directory_document;
CREATE INDEX case_directory_document_prefix ON case_directory (document_number text_pattern_ops) WHERE document_number IS NOT NULL;
-- As for names: of 100 histogram entries, one that happens to start with a 4-character prefix makes
-- the planner expect 1 document in 100 to match and read the cases in page order until a page is
-- full, where a few dozen match and the whole table is read (260 ms at a million). With 1,000
-- entries such a guess is ten times smaller, and the prefix index is taken.
ALTER TABLE case_directory ALTER COLUMN document_number SET STATISTICS 1000;

-- Lists across every office (automation accounts) in page order; case_directory_office_page
-- serves one office's list.
CREATE INDEX case_directory_page ON case_directory (registered_at, case_number);

-- Lists filtered by status, an office's (a caseworker's "our cases on hold") and every office's
-- (automation: "every case cleared for travel"). Statuses are few but not spread evenly over time:
-- the active ones are the recent cases, so a list read in page order and filtered by status would
-- first read past years of ended cases.
CREATE INDEX case_directory_office_status_page ON case_directory (office_code, status, registered_at, case_number);
CREATE INDEX case_directory_status_page ON case_directory (status, registered_at, case_number);
