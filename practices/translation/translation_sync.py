"""Keeping translations in step with their source page, as drafts.

wagtail-localize records what was sent for translation in a ``TranslationSource`` and one ``Translation`` per target
locale; it leaves bringing them up to date after the source changes to a manual "Sync translated pages" action, and
that action writes the translated page's row, so a live translation changes without being published. Here:

- a translation is *out of date* when its source page was published after the source was last extracted;
- publishing a source page queues ``practices.tasks.sync_page_translations``;
- synchronising re-extracts the source and saves each translation as a new **draft revision**, leaving the live
  translation untouched until someone publishes it through the locale's workflow;
- machine translation, when configured for the target language, fills the strings nobody has translated yet.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationLog, TranslationSource

from practices.choices import TranslationOrigin
from practices.models import TranslationSyncJob, TranslationSyncStatus
from practices.translation import machine_translation

# Pages synchronised per chunk of a subtree job: one chunk saves progress and, on a queue, is one task. Each page
# costs roughly 20 queries per target locale, so a chunk stays well under a second or two.
CHUNK_SIZE = 20


def source_for(page):
    """The page's TranslationSource with at least one enabled translation, or None when nothing translates it."""
    return (
        TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id)
        .filter(translations__enabled=True)
        .distinct()
        .first()
    )


def out_of_date_translations(page):
    """The enabled translations of ``page`` whose source was published after it was last extracted."""
    if page.last_published_at is None:
        return Translation.objects.none()
    return Translation.objects.filter(
        source__object_id=page.translation_key,
        source__locale_id=page.locale_id,
        source__last_updated_at__lt=page.last_published_at,
        enabled=True,
    )


def sync_page(page, user=None):
    """Re-extract ``page``'s source content and save every enabled translation of it as a draft revision.

    Returns the list of translated pages that received a draft. Synchronised fields (dates, budget, coordinates…)
    are copied, translated strings are applied, and strings without a translation keep the source text.
    """
    source = source_for(page)
    if source is None:
        return []
    source.update_from_db()
    drafts = []
    for translation in source.translations.filter(enabled=True).select_related("target_locale", "source__locale"):
        drafts.append(save_translation_draft(translation, user=user))
    return drafts


@transaction.atomic
def save_translation_draft(translation, user=None):
    """Save ``translation`` as a new draft revision of its target page, creating the page (unpublished) if needed."""
    machine_filled = machine_translation.fill_untranslated(translation, user=user)
    source = translation.source
    try:
        target = source.get_ephemeral_translated_instance(translation.target_locale, fallback=True)
    except ObjectDoesNotExist:
        # The target page was deleted: wagtail-localize recreates it; a new copy is never live.
        target, _created = source.create_or_update_translation(
            translation.target_locale, user=user, publish=False, fallback=True, copy_parent_pages=True
        )
    # A translated slug ("Mládežnický parlament") must become a valid one, free among the page's siblings, as
    # wagtail-localize makes it when it saves a translation itself.
    target.slug = find_available_slug(target.get_parent(), slugify(target.slug), ignore_page_id=target.pk)
    if machine_filled:
        target.translation_origin = TranslationOrigin.MACHINE
    revision = target.save_revision(user=user, log_action=True)
    TranslationLog.objects.create(source=source, locale=translation.target_locale, revision=revision)
    return target


def pages_to_sync(root, include_descendants=True, after_path=""):
    """Source pages under ``root`` (in its locale, tree order) that have enabled translations."""
    pages = Page.objects.filter(pk=root.pk)
    if include_descendants:
        pages = Page.objects.descendant_of(root, inclusive=True).filter(locale_id=root.locale_id)
    sources = TranslationSource.objects.filter(locale_id=root.locale_id, translations__enabled=True)
    pages = pages.filter(translation_key__in=sources.values("object_id"))
    if after_path:
        pages = pages.filter(path__gt=after_path)
    return pages.order_by("path")


def start_sync_job(root, user=None, include_descendants=True):
    """Record a synchronisation of ``root`` (and its subpages) and count the pages it will handle."""
    return TranslationSyncJob.objects.create(
        root=root,
        include_descendants=include_descendants,
        requested_by=user,
        total=pages_to_sync(root, include_descendants).count(),
    )


def run_sync_chunk(job):
    """Synchronise the next chunk of ``job``'s pages and save its progress; returns True while pages remain.

    A page that fails (a validation error in the translated draft, a machine translation service that is down) is
    recorded in ``job.errors`` and counted as handled, so one bad page cannot stall a section of thousands.
    """
    root = job.root
    chunk = list(pages_to_sync(root, job.include_descendants, after_path=job.cursor)[:CHUNK_SIZE])
    user = job.requested_by
    errors = []
    for page in chunk:
        try:
            sync_page(page.specific, user=user)
        except Exception as error:
            errors.append({"page": page.pk, "title": page.title, "error": f"{type(error).__name__}: {error}"})
    remaining = bool(chunk) and pages_to_sync(root, job.include_descendants, after_path=chunk[-1].path).exists()
    TranslationSyncJob.objects.filter(pk=job.pk).update(
        done=F("done") + len(chunk),
        cursor=chunk[-1].path if chunk else job.cursor,
        errors=job.errors + errors,
        status=TranslationSyncStatus.RUNNING if remaining else TranslationSyncStatus.DONE,
        finished_at=None if remaining else timezone.now(),
    )
    job.refresh_from_db()
    return remaining
