"""The headless content API's own code: the viewsets and filters of Wagtail's API v2 for this site (``views``;
cms/api.py keeps only the router and the URLs) and draft preview for a headless front end (``preview``, served at
/api/feed/v1/preview/ through the partner feed's serialisers). The fields the page models list in ``api_fields``
are part of the items' representation (practices.representation.content_api), below the models."""
