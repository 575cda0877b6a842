"""The partner feed at /api/feed/v1/: serialisers (``serializers``, ``blocks``, ``related``), strict query parsing
(``filters``), read-only views (``views``) and their URLs (``urls``)."""
