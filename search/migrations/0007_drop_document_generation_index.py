"""The facet map and the vocabulary are now kept per content generation (practices.feed.cache), one read by primary
key; nothing reads the documents' generation per language any more, so its index (0005) only cost writes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hub_search", "0006_document_vector_inline"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="searchdocument", name="hub_search_doc_generation"),
    ]
