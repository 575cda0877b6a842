"""The relevance set: queries a practitioner would type against the demo knowledge base
(practices/fixtures/demo/knowledge_base.jsonl), with the items each should find, and the figures that score a
search function on them: mean reciprocal rank of the first relevant item, and recall in the first ten.

Each query is ``(locale, query, kind, relevant slugs)``; kinds: ``exact`` (words as written), ``inflected``
(another grammatical form), ``ascii`` (typed without diacritics or, for Bulgarian, in Latin letters), ``typo``,
``multi`` (several words), ``synonym`` (a word from a synonym set that the items do not use) and ``cross``
(searching every language).
"""

QUERIES = [
    # Czech
    ("cs", "pocitové mapy", "multi", {"pocitove-mapy-s-mladymi-lidmi"}),
    ("cs", "pocitova mapa", "ascii", {"pocitove-mapy-s-mladymi-lidmi"}),
    ("cs", "mladými lidmi", "inflected", {"pocitove-mapy-s-mladymi-lidmi"}),
    ("cs", "future city game průvodce", "multi", {"future-city-game-pruvodce"}),
    ("cs", "jak usporadat hru", "ascii", {"jak-usporadat-future-city-game"}),
    ("cs", "komunitní plánování", "exact", {"future-city-game-komunitni-planovani"}),
    (
        "cs",
        "zdravych mest",
        "ascii",
        {"zapojovani-verejnosti-cesko-norska-spoluprace", "osvetove-materialy-pro-politiky"},
    ),
    ("cs", "osvětové materiály pro politiky", "multi", {"osvetove-materialy-pro-politiky"}),
    ("cs", "zapojování veřejnosti", "exact", {"zapojovani-verejnosti-cesko-norska-spoluprace"}),
    ("cs", "norská spolupráce", "inflected", {"zapojovani-verejnosti-cesko-norska-spoluprace"}),
    ("cs", "senioři", "inflected", {"zapojovani-verejnosti-cesko-norska-spoluprace"}),
    ("cs", "radnice", "inflected", {"pocitove-mapy-s-mladymi-lidmi"}),
    ("cs", "pocitove mapz", "typo", {"pocitove-mapy-s-mladymi-lidmi"}),
    ("cs", "komunitbí", "typo", {"future-city-game-komunitni-planovani"}),
    # Bulgarian
    (
        "bg",
        "общините",
        "inflected",
        {
            "swot-analiz-npo-oblast-kyustendil",
            "kapatsitet-sgo-i-obshtini-dolna-mitropoliya",
            "tvoyata-obshtina-raboti-za-teb",
        },
    ),
    ("bg", "obshtina", "ascii", {"tvoyata-obshtina-raboti-za-teb"}),
    ("bg", "SWOT анализ", "multi", {"swot-analiz-npo-oblast-kyustendil"}),
    ("bg", "обучение доброволци", "multi", {"dvudnevno-obuchenie-npo-mrezha-kyustendil"}),
    ("bg", "obuchenie", "ascii", {"dvudnevno-obuchenie-npo-mrezha-kyustendil"}),
    ("bg", "Долна Митрополия", "exact", {"kapatsitet-sgo-i-obshtini-dolna-mitropoliya"}),
    ("bg", "dolna mitropoliya", "ascii", {"kapatsitet-sgo-i-obshtini-dolna-mitropoliya"}),
    ("bg", "кметовете", "inflected", {"tvoyata-obshtina-raboti-za-teb"}),
    (
        "bg",
        "неправителствени организации",
        "inflected",
        {
            "swot-analiz-npo-oblast-kyustendil",
            "tvoyata-obshtina-raboti-za-teb",
            "dvudnevno-obuchenie-npo-mrezha-kyustendil",
        },
    ),
    (
        "bg",
        "Кюстендл",
        "typo",
        {
            "swot-analiz-npo-oblast-kyustendil",
            "dvudnevno-obuchenie-npo-mrezha-kyustendil",
            "tvoyata-obshtina-raboti-za-teb",
        },
    ),
    ("bg", "гражданското общество", "multi", {"kapatsitet-sgo-i-obshtini-dolna-mitropoliya"}),
    # Croatian
    ("hr", "općini", "inflected", {"pokrenimo-kok-kultura-u-opcini-kravarsko"}),
    ("hr", "opcina kravarsko", "ascii", {"pokrenimo-kok-kultura-u-opcini-kravarsko"}),
    ("hr", "kulture", "inflected", {"pokrenimo-kok-kultura-u-opcini-kravarsko"}),
    ("hr", "udruge", "inflected", {"pokrenimo-kok-kultura-u-opcini-kravarsko"}),
    ("hr", "sudjelovanje gradana", "ascii", {"pokrenimo-kok-kultura-u-opcini-kravarsko"}),
    ("hr", "kravarkso", "typo", {"pokrenimo-kok-kultura-u-opcini-kravarsko"}),
    # Norwegian Bokmål
    ("nb", "følelseskart", "exact", {"folelseskart-med-unge"}),
    ("nb", "folelseskart unge", "ascii", {"folelseskart-med-unge"}),
    ("nb", "folkevalgt", "inflected", {"bevisstgjoringsmateriell-for-folkevalgte"}),
    ("nb", "innbyggermedvirkning planlegging", "multi", {"innbyggermedvirkning-tsjekkisk-norsk-samarbeid"}),
    (
        "nb",
        "sunne byer",
        "multi",
        {"innbyggermedvirkning-tsjekkisk-norsk-samarbeid", "bevisstgjoringsmateriell-for-folkevalgte"},
    ),
    ("nb", "eldre", "exact", {"innbyggermedvirkning-tsjekkisk-norsk-samarbeid"}),
    ("nb", "folkevalgre", "typo", {"bevisstgjoringsmateriell-for-folkevalgte"}),
    # English
    ("en", "emotional map", "inflected", {"emotional-maps-with-young-people"}),
    (
        "en",
        "future city game",
        "multi",
        {"future-city-game-guide", "how-to-run-a-future-city-game", "future-city-game-community-planning"},
    ),
    ("en", "how to run a future city game", "multi", {"how-to-run-a-future-city-game"}),
    ("en", "NGO network training", "multi", {"two-day-training-ngo-network-kyustendil"}),
    ("en", "volunteer", "inflected", {"two-day-training-ngo-network-kyustendil"}),
    ("en", "municipal decisions", "multi", {"swot-analysis-ngo-participation-kyustendil"}),
    ("en", "SWOT", "exact", {"swot-analysis-ngo-participation-kyustendil"}),
    ("en", "Kravarsko culture", "multi", {"pokrenimo-kok-culture-in-kravarsko"}),
    (
        "en",
        "healthy cities",
        "multi",
        {"citizen-participation-czech-norwegian-healthy-cities", "awareness-raising-materials-for-politicians"},
    ),
    ("en", "politician", "inflected", {"awareness-raising-materials-for-politicians"}),
    ("en", "mayor", "inflected", {"your-municipality-works-for-you-kyustendil"}),
    ("en", "head of the municipality", "synonym", {"your-municipality-works-for-you-kyustendil"}),
    (
        "en",
        "non-profit organisation",
        "synonym",
        {
            "swot-analysis-ngo-participation-kyustendil",
            "your-municipality-works-for-you-kyustendil",
            "two-day-training-ngo-network-kyustendil",
        },
    ),
    ("en", "volunters", "typo", {"two-day-training-ngo-network-kyustendil"}),
    ("en", "Dolna Mitropolia", "typo", {"civil-society-capacity-dolna-mitropoliya"}),
    # Every language
    ("all", "obshtina", "cross", {"tvoyata-obshtina-raboti-za-teb", "kapatsitet-sgo-i-obshtini-dolna-mitropoliya"}),
    ("all", "Kravarsko", "cross", {"pokrenimo-kok-kultura-u-opcini-kravarsko", "pokrenimo-kok-culture-in-kravarsko"}),
    (
        "all",
        "emotional maps",
        "cross",
        {"emotional-maps-with-young-people", "pocitove-mapy-s-mladymi-lidmi", "folelseskart-med-unge"},
    ),
    (
        "all",
        "future city game",
        "cross",
        {
            "future-city-game-guide",
            "how-to-run-a-future-city-game",
            "future-city-game-community-planning",
            "future-city-game-pruvodce",
            "jak-usporadat-future-city-game",
            "future-city-game-komunitni-planovani",
        },
    ),
]


def score(search):
    """Run every query through ``search(locale, query) → [slug, …]`` (best first) and return
    ``{"mrr", "recall_at_10", "by_kind": {kind: (mrr, recall)}, "misses": [(locale, query, got)]}``."""
    reciprocal_ranks, recalls, by_kind, misses = [], [], {}, []
    for locale, query, kind, relevant in QUERIES:
        top = search(locale, query)[:10]
        ranks = [position for position, slug in enumerate(top, start=1) if slug in relevant]
        reciprocal_rank = 1 / ranks[0] if ranks else 0.0
        recall = len(relevant & set(top)) / len(relevant)
        reciprocal_ranks.append(reciprocal_rank)
        recalls.append(recall)
        by_kind.setdefault(kind, []).append((reciprocal_rank, recall))
        if reciprocal_rank < 1 or recall < 1:
            misses.append((locale, query, top[:5]))
    return {
        "queries": len(QUERIES),
        "mrr": sum(reciprocal_ranks) / len(QUERIES),
        "recall_at_10": sum(recalls) / len(QUERIES),
        "by_kind": {
            kind: (sum(rr for rr, _ in values) / len(values), sum(r for _, r in values) / len(values))
            for kind, values in by_kind.items()
        },
        "misses": misses,
    }


def report(figures, label):
    """The figures as printed by the test run and ``make bench-search``."""
    lines = [
        f"Relevance on {label}: {figures['queries']} queries, MRR {figures['mrr']:.3f}, "
        f"recall@10 {figures['recall_at_10']:.3f}"
    ]
    for kind, (mrr, recall) in sorted(figures["by_kind"].items()):
        lines.append(f"  {kind:<10} MRR {mrr:.3f}  recall@10 {recall:.3f}")
    for locale, query, top in figures["misses"]:
        lines.append(f"  not perfect: [{locale}] {query!r} → {top}")
    return "\n".join(lines)
