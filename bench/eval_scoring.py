"""The figures of ``make eval-search`` (issue 15): nDCG@10, MRR, recall@10 and the zero-result rate of ranked
answers against graded judgements, and the BM25 OR baseline every run is compared with.

Definitions, fixed so that figures from different runs and branches compare:

- nDCG@10: linear gains (the grade, 0–3), discount log2(rank + 1), divided by the DCG of the judgements sorted
  by grade (all judged items, whatever their language);
- MRR: 1 / the rank of the first answer graded 2 or 3 within the first ten, 0 if none;
- recall@10: the share of the items graded 2 or 3 found in the first ten;
- zero-result rate: the share of queries that answered nothing at all.

The baseline is a plain BM25 (k1 1.2, b 0.75) with OR semantics over the same items, on ``eval_set.tokenise``
(Unicode words, case- and ASCII-folded, no stemming, no stop words) with the title counted three times and the
summary twice, as in BM25F's simple form. It answers as the API is asked to: items of the query's language first,
then other languages' items that match (a naive language fallback), each by score.
"""

import math
from collections import Counter, defaultdict

CUTOFF = 10
RELEVANT = 2
FIELD_WEIGHTS = {"title": 3, "summary": 2, "body": 1}


def dcg(grades):
    return sum(grade / math.log2(rank + 1) for rank, grade in enumerate(grades[:CUTOFF], start=1))


def ndcg_at_10(ranked, judgements):
    ideal = dcg(sorted(judgements.values(), reverse=True))
    return dcg([judgements.get(slug, 0) for slug in ranked]) / ideal if ideal else 0.0


def reciprocal_rank(ranked, judgements):
    for rank, slug in enumerate(ranked[:CUTOFF], start=1):
        if judgements.get(slug, 0) >= RELEVANT:
            return 1 / rank
    return 0.0


def recall_at_10(ranked, judgements):
    relevant = {slug for slug, grade in judgements.items() if grade >= RELEVANT}
    return len(relevant & set(ranked[:CUTOFF])) / len(relevant) if relevant else 0.0


def score_query(ranked, judgements):
    """The four figures of one answer (``ranked``: item slugs, best first)."""
    return {
        "ndcg_at_10": ndcg_at_10(ranked, judgements),
        "mrr": reciprocal_rank(ranked, judgements),
        "recall_at_10": recall_at_10(ranked, judgements),
        "zero_results": 0.0 if ranked else 1.0,
    }


def summarise(rows):
    """Mean figures of per-query ``rows`` ({"split", "language", "kind", "ours": {...}, "baseline": {...}}), overall
    and by split, split × language, split × kind and split × language × kind: ``{"all": {...}, "test": {...},
    "test/cs": {...}, "test/typo": {...}, "test/cs/typo": {...}, …}``, each ``{"queries": n, "ours": {figure:
    mean}, "baseline": {figure: mean}}``."""
    groups = defaultdict(list)
    for row in rows:
        split, language, kind = row["split"], row["language"], row["kind"]
        for key in ("all", split, f"{split}/{language}", f"{split}/{kind}", f"{split}/{language}/{kind}"):
            groups[key].append(row)
    return {key: _means(members) for key, members in groups.items()}


def _means(rows):
    summary = {"queries": len(rows)}
    for side in ("ours", "baseline"):
        summary[side] = {name: sum(row[side][name] for row in rows) / len(rows) for name in rows[0][side]}
    return summary


class BM25Baseline:
    """BM25 with OR semantics over the set's items; ``rank(text, language)`` gives slugs, best first."""

    def __init__(self, items, tokenise, k1=1.2, b=0.75):
        self.tokenise = tokenise
        self.k1, self.b = k1, b
        self.locales = {}
        self.frequencies = {}
        self.lengths = {}
        document_frequency = Counter()
        for item in items:
            weighted = Counter()
            for name, weight in FIELD_WEIGHTS.items():
                for token in tokenise(getattr(item, name)):
                    weighted[token] += weight
            self.locales[item.slug] = item.locale
            self.frequencies[item.slug] = weighted
            self.lengths[item.slug] = sum(weighted.values())
            document_frequency.update(weighted.keys())
        count = len(self.frequencies)
        self.average_length = sum(self.lengths.values()) / count
        # Lucene's idf, never negative, so that a word in most items still counts a little (OR semantics).
        self.idf = {
            token: math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))
            for token, frequency in document_frequency.items()
        }

    def score(self, slug, tokens):
        frequencies = self.frequencies[slug]
        norm = self.k1 * (1 - self.b + self.b * self.lengths[slug] / self.average_length)
        total = 0.0
        for token in tokens:
            frequency = frequencies.get(token, 0)
            if frequency:
                total += self.idf[token] * frequency * (self.k1 + 1) / (frequency + norm)
        return total

    def rank(self, text, language):
        tokens = self.tokenise(text)
        scored = [(self.score(slug, tokens), slug) for slug in self.frequencies]
        matches = [(score, slug) for score, slug in scored if score > 0]
        # The query's language first, then the rest; within each by score, ties by slug for a stable order.
        matches.sort(key=lambda pair: (self.locales[pair[1]] != language, -pair[0], pair[1]))
        return [slug for _score, slug in matches]
