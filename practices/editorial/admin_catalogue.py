"""Messages of the admin's own screens (Wagtail, wagtail-localize, Django) that their catalogues leave untranslated
in cs, bg, hr or nb, or that Wagtail 8 added after its catalogues were last translated.

Listed here so that ``make messages`` carries them into locales/, where they are translated; LOCALE_PATHS comes first
when Django merges catalogues, so our translation wins. The list is what tests/practices/test_admin_language.py
finds on the ten screens editors meet most; add a message here when that test names a new one. Nothing reads these
values: the calls only mark the messages for makemessages.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_MESSAGES = (
    gettext_noop("%(site_setting)s for %(site)s"),
    gettext_noop("%(time_period)s ago"),
    gettext_noop("Actions"),
    gettext_noop("Add child page"),
    gettext_noop("Add comment"),
    gettext_noop("Available in %(translations_total)s locales"),
    gettext_noop("Back"),
    gettext_noop("Breadcrumb"),
    gettext_noop("Bulk actions"),
    gettext_noop("Comment notifications"),
    gettext_noop("Comments"),
    gettext_noop("Create"),
    gettext_noop("Current page status:"),
    gettext_noop("Dark"),
    gettext_noop("Date / Time"),
    gettext_noop("Date from"),
    gettext_noop("Date to"),
    gettext_noop("Default"),
    gettext_noop("Download CSV"),
    gettext_noop("Download XLSX"),
    gettext_noop("Edit this %(object)s"),
    gettext_noop("Edit this item"),
    gettext_noop("First published"),
    gettext_noop("For search engines"),
    gettext_noop("For site menus"),
    gettext_noop("Group approval task"),
    gettext_noop("Keyboard shortcuts"),
    gettext_noop("Light"),
    gettext_noop("Live"),
    gettext_noop("live"),
    gettext_noop("More actions"),
    gettext_noop("Name and Email"),
    gettext_noop("New workflow task"),
    gettext_noop("Notifications"),
    gettext_noop("Other searches"),
    gettext_noop("Pagination"),
    gettext_noop("Private"),
    gettext_noop("Profile"),
    gettext_noop("Profile picture"),
    gettext_noop("Publish selected pages"),
    gettext_noop("Receive notification when a page is submitted for moderation"),
    gettext_noop(
        "Receive notification when comments have been created, resolved, or deleted on a page that you have "
        "subscribed to receive comment notifications on"
    ),
    gettext_noop("Receive notification when your page edit is approved"),
    gettext_noop("Receive notification when your page edit is rejected"),
    gettext_noop("Select row"),
    gettext_noop("Side panels"),
    gettext_noop("Sidebar"),
    gettext_noop("Site"),
    gettext_noop("Site history"),
    gettext_noop("Skip to main content"),
    gettext_noop("Sorry, no pages match <em>%(query_string)s</em>"),
    gettext_noop("Sort the order of child pages within '%(parent)s' by '%(label)s' in ascending order."),
    gettext_noop("Sort the order of child pages within '%(parent)s' by '%(label)s' in descending order."),
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Switch locales"),
    gettext_noop('There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'),
    gettext_noop("The descriptive text displayed underneath a headline in search engine results."),
    gettext_noop("The name of the page displayed on search engine results as the clickable headline."),
    gettext_noop("Toggle section"),
    gettext_noop("Toggle side panel"),
    gettext_noop("Translate"),
    gettext_noop("Translate '%(title)s'"),
    gettext_noop("Translate this page"),
    gettext_noop("Upload a profile picture:"),
    gettext_noop("Usage"),
    gettext_noop("Used on"),
    gettext_noop("View history"),
    gettext_noop("Visit the live page"),
    gettext_noop("Workflow tasks"),
    gettext_noop("system"),
    # The dashboard's messages that Wagtail 8.0 added after its cs, bg, hr and nb catalogues were last translated
    # (its site summary's "53 Pages" among them; tests/practices/test_admin_language.py reads Wagtail's English
    # catalogue for them).
    gettext_noop("Close dialog"),
    gettext_noop("Edit account avatar"),
    gettext_noop(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the "
        '<a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to enable '
        "JavaScript in your web browser</a>."
    ),
    gettext_noop("Search all pages…"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
)
DJANGO_MESSAGES = (
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
)
