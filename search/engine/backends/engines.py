"""The full-text engines under the embedded backend: SQLite FTS5 and PostgreSQL full-text search.

Each answers one statement per search: the documents matching any clause of the query (search.engine.query), of the
wanted content types, restricted to the caller's queryset by ``object_id IN (<its primary keys>)``, kept when they
match at least ``required`` clauses, scored by the engine's own ranking (bm25 with column weights; ts_rank_cd with
field weights) times the share of the clauses they match (coverage; a clause matched only through a concept's
expansions counts search.engine.query.EXPANSION_WEIGHT of one), and cut to one page in SQL. Each clause's
matches are a subquery that the engine evaluates once (SQLite materialises an uncorrelated ``IN``; PostgreSQL
tests the row's own vector), so the cost grows with the words of the query, not with the matches. Stock
modelsearch on SQLite instead annotates every matching object with a scalar subquery that repeats the MATCH,
which is what takes seconds at 10,000 pages (../shared/ANCHORS.md).
"""

from search.engine import query as search_query

# Relative weights of the fields, heaviest first: title, summary, body, shared (search.engine.documents.FIELDS).
FIELD_WEIGHTS = (10.0, 4.0, 1.0, 0.5)
# A LIMIT that both vendors accept when only an OFFSET is wanted.
UNLIMITED = 2**62


class FullTextEngine:
    """Builds the statements for one vendor. ``fields`` limits the match to some document fields."""

    def __init__(self, connection):
        self.connection = connection

    def ranked(self, clauses, required, content_type_ids, restriction, fields, limit=None, offset=0):
        """``[(object_id, score), …]``, best first. ``required`` is how many clauses a document must match;
        ``restriction`` is ``(sql, params)`` selecting the allowed primary keys, or None."""
        sql, params = self.covered_sql(clauses, required, content_type_ids, restriction, fields)
        # Only our own SQL is interpolated here; every value travels as a parameter.
        sql = f"SELECT object_id, score FROM ({sql}) AS matches ORDER BY score DESC, object_id DESC"  # noqa: S608
        if limit is not None or offset:
            sql += " LIMIT %s OFFSET %s"
            params = [*params, UNLIMITED if limit is None else limit, offset]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, clauses, required, content_type_ids, restriction, fields):
        sql, params = self.covered_sql(clauses, required, content_type_ids, restriction, fields)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS matches", params)  # noqa: S608
            return cursor.fetchone()[0]

    def covered_sql(self, clauses, required, content_type_ids, restriction, fields):
        """``object_id, score`` of the documents matching at least ``required`` of the ``clauses``."""
        expanded = [search_query.is_expanded(clause) for clause in clauses]
        if len(clauses) == 1 and not expanded[0]:
            # One clause: every match covers the whole query.
            return self.match_sql(clauses, [], content_type_ids, restriction, fields)
        # One column per clause (1 when the document matches it) and, for a clause with a concept's expansions,
        # one more for its literal words: a clause met only through expansions weighs EXPANSION_WEIGHT of one.
        covered, matched, weight = [], [], []
        for index, (clause, is_expanded) in enumerate(zip(clauses, expanded, strict=True)):
            covered.append((f"c{index}", *self.clause_sql(clause, fields)))
            matched.append(f"c{index}")
            if is_expanded:
                covered.append((f"l{index}", *self.clause_sql(search_query.literal(clause), fields)))
                weight.append(f"(l{index} + {search_query.EXPANSION_WEIGHT} * (c{index} - l{index}))")
            else:
                weight.append(f"c{index}")
        sql, params = self.match_sql(clauses, covered, content_type_ids, restriction, fields)
        # Only our own SQL is interpolated here; every value travels as a parameter.
        sql = (
            f"SELECT object_id, score * ({' + '.join(weight)}) / {len(clauses)}.0 AS score "  # noqa: S608
            f"FROM ({sql}) AS candidates WHERE ({' + '.join(matched)}) >= %s"
        )
        return sql, [*params, required]

    def match_sql(self, clauses, covered, content_type_ids, restriction, fields):
        """``object_id, score`` of the documents matching any clause, and a column for each of the ``covered``
        ``(name, sql, params)``: whether the document matches that clause."""
        raise NotImplementedError

    def clause_sql(self, clause, fields):
        """``(sql, params)``: 1 when the document matches ``clause``, else 0."""
        raise NotImplementedError

    @staticmethod
    def _matched(covered):
        sql = "".join(f", {clause_sql} AS {name}" for name, clause_sql, _params in covered)
        return sql, [param for _name, _sql, params in covered for param in params]

    @staticmethod
    def _restrict(content_type_ids, restriction, document="d"):
        """The conditions on the matching documents; ``document`` is how they are named (``+d`` on SQLite)."""
        placeholders = ", ".join(["%s"] * len(content_type_ids))
        sql = f" AND {document}.content_type_id IN ({placeholders})"
        params = list(content_type_ids)
        if restriction is not None:
            restriction_sql, restriction_params = restriction
            sql += f" AND {document}.object_id IN ({restriction_sql})"
            params.extend(restriction_params)
        return sql, params


class SQLiteEngine(FullTextEngine):
    """FTS5 over the external-content table ``hub_search_fts`` (migration 0002).

    The plan is fixed: every match of the FTS5 index is looked up in the narrow index ``hub_search_doc_match``
    (migration 0005) rather than in the documents' wide rows (85 → 40 ms for 5,500 matches at 10,000 items), and
    the restriction is applied to each match (``+`` keeps SQLite from driving the join by it). Left to itself,
    SQLite with ANALYZE statistics instead probed the unique (content type, object) index once per restricting
    primary key and match, and a query ran for minutes."""

    def match_sql(self, clauses, covered, content_type_ids, restriction, fields):
        expression = search_query.fts5_expression([search_query.distinct_alternatives(clauses)], columns=fields)
        weights = ", ".join(str(weight) for weight in FIELD_WEIGHTS)
        restrict_sql, restrict_params = self._restrict(content_type_ids, restriction, document="+d")
        matched_sql, matched_params = self._matched(covered)
        sql = (
            f"SELECT d.object_id AS object_id, -bm25(hub_search_fts, {weights}) AS score{matched_sql} "  # noqa: S608
            "FROM hub_search_fts JOIN hub_search_searchdocument d INDEXED BY hub_search_doc_match "
            "ON d.id = hub_search_fts.rowid "
            "WHERE hub_search_fts MATCH %s" + restrict_sql
        )
        return sql, [*matched_params, expression, *restrict_params]

    def clause_sql(self, clause, fields):
        return (
            "(d.id IN (SELECT rowid FROM hub_search_fts WHERE hub_search_fts MATCH %s))",
            [search_query.fts5_expression([clause], columns=fields)],
        )


class PostgresEngine(FullTextEngine):
    """The generated ``search_vector`` column with its GIN index (migration 0002)."""

    # ts_rank_cd takes the weights of D, C, B, A: shared, body, summary, title.
    RANK_WEIGHTS = "{" + ", ".join(str(weight / FIELD_WEIGHTS[0]) for weight in reversed(FIELD_WEIGHTS)) + "}"
    FIELD_LABELS = {"title": "A", "summary": "B", "body": "C", "shared": "D"}

    def match_sql(self, clauses, covered, content_type_ids, restriction, fields):
        expression = search_query.tsquery_expression(
            [search_query.distinct_alternatives(clauses)], weights=self._labels(fields)
        )
        restrict_sql, restrict_params = self._restrict(content_type_ids, restriction)
        matched_sql, matched_params = self._matched(covered)
        sql = (
            f"SELECT d.object_id AS object_id, ts_rank_cd(%s::float4[], d.search_vector, q) AS score{matched_sql} "  # noqa: S608
            "FROM hub_search_searchdocument d, to_tsquery('simple', %s) q "
            "WHERE d.search_vector @@ q" + restrict_sql
        )
        return sql, [self.RANK_WEIGHTS, *matched_params, expression, *restrict_params]

    def clause_sql(self, clause, fields):
        expression = search_query.tsquery_expression([clause], weights=self._labels(fields))
        return "(d.search_vector @@ to_tsquery('simple', %s))::int", [expression]

    def _labels(self, fields):
        return "".join(self.FIELD_LABELS[field] for field in fields) if fields else "ABCD"


ENGINES = {"sqlite": SQLiteEngine, "postgresql": PostgresEngine}
