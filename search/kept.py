"""What a search reads from the knowledge base on every query, kept in each process per content generation.

``content_generation()`` (practices.feed.cache) is one query by primary key, and every write that can change the
knowledge base replaces it in the same transaction; a value read under one token is therefore never that of an
older state. The thesaurus (search.thesaurus) and the places of the practices (search.places) are kept this way.
Before the first write has given the content a token, the value is read every time.
"""

from functools import lru_cache, wraps

from practices.feed.cache import content_generation


def per_content_generation(read):
    """``read()``'s value, read once per content generation: only the latest generation is kept."""

    @lru_cache(maxsize=1)
    def of_generation(_generation):
        return read()

    @wraps(read)
    def kept():
        generation = content_generation()
        return of_generation(generation) if generation else read()

    return kept
